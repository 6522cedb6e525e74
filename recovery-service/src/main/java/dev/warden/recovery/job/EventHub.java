package dev.warden.recovery.job;

import dev.warden.proto.v1.RepairEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers jobs' progress events to watchers (SSE streams, gRPC WatchRepair calls). A subscription first
 * replays the recorded events after its cursor (on the subscribing thread), then one hub thread waits for new
 * events of every watched job in a single blocking read ({@code XREAD BLOCK} over all their streams) and hands
 * each to the watchers of its job, in order, exactly once. A watcher ends after the event that carries a
 * terminal state. The hub thread also sends keep-alives to watchers that got nothing for a while.
 *
 * <p>Events come from Redis, so a watcher on one replica sees the progress of a job another replica runs.
 */
public final class EventHub implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventHub.class);
    private static final int BATCH = 256;

    /** Where a watcher's events go. Called from one thread at a time. */
    public interface Sink {
        /** One event; false when the watcher is gone (the subscription then ends). */
        boolean deliver(RepairEvent event);

        /** The job reached a terminal state: the last event was delivered. */
        void end();

        /** The hub stops (shutdown) before the job ended. */
        void abort(String reason);

        /** Nothing happened for a while; false when the watcher is gone. */
        default boolean keepAlive() {
            return true;
        }
    }

    /** A live subscription. */
    public interface Subscription {
        /** Stops delivering (the watcher went away). */
        void close();
    }

    private final JobStore store;
    private final long blockMillis;
    private final long keepAliveNanos;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final Object wake = new Object();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * A hub reading from {@code store}.
     *
     * @param blockMillis    how long one read of Redis waits for new events
     * @param keepAliveNanos how long a watcher may get nothing before a keep-alive
     */
    public EventHub(JobStore store, long blockMillis, long keepAliveNanos) {
        this.store = store;
        this.blockMillis = blockMillis;
        this.keepAliveNanos = keepAliveNanos;
        this.thread = new Thread(this::loop, "warden-recovery-events");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Replays the events of {@code jobId} after {@code afterSequence} into {@code sink}, then delivers new ones
     * as they come. Blocking (reads Redis): call it from a worker thread.
     */
    public Subscription subscribe(String jobId, long afterSequence, Sink sink) {
        long cursor = afterSequence;
        while (true) {
            List<StoredEvent> batch = store.events(jobId, cursor, BATCH);
            for (StoredEvent e : batch) {
                cursor = e.sequence();
                if (!sink.deliver(JobViews.event(jobId, e))) {
                    return () -> { };
                }
                if (e.state().terminal()) {
                    sink.end();
                    return () -> { };
                }
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        Watcher w = new Watcher(jobId, cursor, sink);
        watchers.add(w);
        synchronized (wake) {
            wake.notifyAll();
        }
        return () -> {
            w.closed = true;
            watchers.remove(w);
        };
    }

    /** The number of live watchers. */
    public int watchers() {
        return watchers.size();
    }

    private void loop() {
        while (running) {
            try {
                List<Watcher> current = new ArrayList<>(watchers);
                if (current.isEmpty()) {
                    synchronized (wake) {
                        if (watchers.isEmpty() && running) {
                            wake.wait(1000);
                        }
                    }
                    continue;
                }
                Map<String, Long> cursors = new HashMap<>();
                for (Watcher w : current) {
                    cursors.merge(w.jobId, w.cursor, Math::min);
                }
                Map<String, List<StoredEvent>> got = store.awaitEvents(cursors, BATCH, blockMillis);
                long now = System.nanoTime();
                for (Watcher w : current) {
                    deliver(w, got.getOrDefault(w.jobId, List.of()), now);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                if (running) {
                    LOG.warnf("progress streams: cannot read events (%s); retrying in 1 s", t.toString());
                    sleep();
                }
            }
        }
    }

    private void deliver(Watcher w, List<StoredEvent> events, long now) {
        if (w.closed) {
            return;
        }
        for (StoredEvent e : events) {
            if (e.sequence() <= w.cursor) {
                continue;
            }
            w.cursor = e.sequence();
            w.lastSent = now;
            if (!w.sink.deliver(JobViews.event(w.jobId, e))) {
                remove(w);
                return;
            }
            if (e.state().terminal()) {
                remove(w);
                w.sink.end();
                return;
            }
        }
        if (now - w.lastSent > keepAliveNanos) {
            w.lastSent = now;
            if (!w.sink.keepAlive()) {
                remove(w);
            }
        }
    }

    private void remove(Watcher w) {
        w.closed = true;
        watchers.remove(w);
    }

    private static void sleep() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the hub; open watchers are aborted (they may watch again from their last sequence). */
    @Override
    public void close() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        for (Watcher w : new ArrayList<>(watchers)) {
            remove(w);
            w.sink.abort("recovery-service is shutting down; watch again after the last sequence received");
        }
        try {
            thread.join(blockMillis + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One watcher; cursor and lastSent are touched only by the hub thread once registered. */
    private static final class Watcher {
        final String jobId;
        final Sink sink;
        volatile long cursor;
        long lastSent = System.nanoTime();
        volatile boolean closed;

        Watcher(String jobId, long cursor, Sink sink) {
            this.jobId = jobId;
            this.cursor = cursor;
            this.sink = sink;
        }
    }
}
