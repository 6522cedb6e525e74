package dev.warden.model.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op threads pinned to a fixed count for a block of work, and put back afterwards:
 * {@code try (PinnedThreads pinned = PinnedThreads.pin(1)) { ... }}.
 *
 * <p>Why: a CPU kernel that splits a reduction over N threads adds the partial sums in another order than one
 * over M threads, so the same training run gives different float32 weights under different thread counts. The
 * demo models showed it: {@code ./warden build-demo} (one thread, {@link TorchThreads}) and a test JVM (no
 * property: PyTorch's default, one thread per core) trained weights that differed after 10 steps, and losses
 * that parted in the fourth decimal by step 200. Work that must come out bit-identical whichever process runs it
 * pins the count itself instead of inheriting the caller's.
 *
 * <p>PyTorch keeps the count per native thread (OpenMP's and MKL's settings are thread-local) and, for threads
 * that have not run a parallel kernel yet, process-wide: run the pinned work on the thread that pinned, and keep
 * the block short of other threads' PyTorch work (a thread starting its first kernel meanwhile takes the pinned
 * count). Closing sets the previous count back.
 */
public final class PinnedThreads implements AutoCloseable {

    private final int previous;
    private final int pinned;

    private PinnedThreads(int previous, int pinned) {
        this.previous = previous;
        this.pinned = pinned;
    }

    /**
     * Starts the PyTorch engine if it is not running (so its own {@code ai.djl.pytorch.num_threads} setting comes
     * first), then sets the intra-op threads to {@code threads}.
     *
     * @throws IllegalArgumentException when {@code threads} is below 1
     */
    public static PinnedThreads pin(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Engine.getEngine("PyTorch");
        int previous = JniUtils.getNumThreads();
        if (previous != threads) {
            JniUtils.setNumThreads(threads);
        }
        return new PinnedThreads(previous, threads);
    }

    /** The intra-op threads PyTorch uses on this thread now. */
    public static int current() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    /** The count pinned. */
    public int threads() {
        return pinned;
    }

    /** The count before the pin, set back by {@link #close()}. */
    public int previous() {
        return previous;
    }

    /** Sets the count from before the pin back. */
    @Override
    public void close() {
        if (JniUtils.getNumThreads() != previous) {
            JniUtils.setNumThreads(previous);
        }
    }
}
