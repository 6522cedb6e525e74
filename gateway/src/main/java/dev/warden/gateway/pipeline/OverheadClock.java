package dev.warden.gateway.pipeline;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Measures a request's gateway overhead: the wall time since arrival minus the time spent waiting for upstream
 * calls (inference, judge), plus any of the gateway's own work measured while an upstream call was in flight
 * (such as the jailbreak detector running in parallel with the judge). Overlapping upstream calls count once
 * (the union of their intervals). Redis round trips are the gateway's own time.
 *
 * <p>Thread-safe (calls may come from the request's event loop and from callbacks elsewhere).
 */
public final class OverheadClock {

    private final LongSupplier time;
    private final long start;
    private int open;
    private long openedAt;
    private long waited;
    private long hiddenWork;

    /** A clock started now. */
    public OverheadClock() {
        this(System.nanoTime());
    }

    /** A clock started at {@code startNanos} ({@link System#nanoTime()} time base). */
    public OverheadClock(long startNanos) {
        this(System::nanoTime, startNanos);
    }

    /** A clock reading {@code time} (nanoseconds), started at {@code startNanos}; for tests. */
    public OverheadClock(LongSupplier time, long startNanos) {
        this.time = time;
        this.start = startNanos;
    }

    /** When the request arrived, in {@link System#nanoTime()} time. */
    public long start() {
        return start;
    }

    /** Nanoseconds since arrival. */
    public long elapsed() {
        return time.getAsLong() - start;
    }

    /** An upstream call starts; pair with {@link #upstreamEnd()}. */
    public synchronized void upstreamStart() {
        if (open++ == 0) {
            openedAt = time.getAsLong();
        }
    }

    /** An upstream call ended (with any outcome). */
    public synchronized void upstreamEnd() {
        if (open == 0) {
            throw new IllegalStateException("upstreamEnd without upstreamStart");
        }
        if (--open == 0) {
            waited += time.getAsLong() - openedAt;
        }
    }

    /**
     * Runs the gateway's own work and, if an upstream call is in flight meanwhile, adds its duration back (it
     * would otherwise vanish in the wait).
     */
    public <T> T work(Supplier<T> task) {
        long t0 = time.getAsLong();
        T result = task.get();
        long t1 = time.getAsLong();
        synchronized (this) {
            if (open > 0) {
                hiddenWork += t1 - Math.max(t0, openedAt);
            }
        }
        return result;
    }

    /** The overhead so far in nanoseconds: elapsed minus upstream waits plus hidden work; at least 0. */
    public synchronized long overheadNanos() {
        long now = time.getAsLong();
        long waits = waited + (open > 0 ? now - openedAt : 0);
        return Math.max(0, now - start - waits + hiddenWork);
    }

    /** {@link #overheadNanos()} in milliseconds with three decimals, for the {@code x-warden-overhead-ms} header. */
    public String overheadHeader() {
        long micros = overheadNanos() / 1000;
        return (micros / 1000) + "." + String.format("%03d", micros % 1000);
    }
}
