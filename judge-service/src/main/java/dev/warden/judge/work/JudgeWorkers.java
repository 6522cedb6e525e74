package dev.warden.judge.work;

import dev.warden.judge.error.OverloadedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The judge's worker threads ({@code warden-judge-N}) with a bounded queue: scoring runs here, never on the
 * event loop; a task beyond the queue is rejected at once with {@link OverloadedException}.
 */
public final class JudgeWorkers implements AutoCloseable {

    /** The prefix of the workers' thread names. */
    public static final String THREAD_PREFIX = "warden-judge-";

    private final ThreadPoolExecutor executor;
    private final int queue;

    /** {@code threads} workers, at most {@code queue} tasks waiting. */
    public JudgeWorkers(int threads, int queue) {
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException("workers need >= 1 thread and queue slot, got " + threads + " and "
                    + queue);
        }
        AtomicInteger next = new AtomicInteger(1);
        this.queue = queue;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(queue), work -> {
                    Thread t = new Thread(work, THREAD_PREFIX + next.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Runs {@code task} on a worker.
     *
     * @throws OverloadedException when the queue is full
     */
    public <T> CompletableFuture<T> submit(Supplier<T> task) {
        try {
            return CompletableFuture.supplyAsync(task, executor);
        } catch (RejectedExecutionException e) {
            if (executor.isShutdown()) {
                throw e;
            }
            throw new OverloadedException(queue);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
