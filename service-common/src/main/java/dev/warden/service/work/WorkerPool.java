package dev.warden.service.work;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fixed set of worker threads admitting at most {@code threads + queue} tasks at once (running plus
 * waiting), for blocking work the event loop must not do. Admission is counted, not left to the executor's
 * queue (whose capacity also counts tasks an idle thread has not picked up yet): one task more is rejected at
 * once with {@link QueueFullException} (RESOURCE_EXHAUSTED) instead of waiting without bound, and a task
 * dropped while waiting frees its place at once.
 */
public final class WorkerPool implements AutoCloseable {

    private final String name;
    private final int queueCapacity;
    private final Semaphore places;
    private final ThreadPoolExecutor executor;

    /**
     * @param name    the pool's name, in thread names ({@code warden-<name>-N}) and errors
     * @param threads worker threads, >= 1
     * @param queue   most tasks waiting for a thread, >= 1
     */
    public WorkerPool(String name, int threads, int queue) {
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException("pool " + name + " needs >= 1 thread and queue slot, got " + threads
                    + " and " + queue);
        }
        this.name = name;
        this.queueCapacity = queue;
        this.places = new Semaphore(threads + queue);
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                WorkerThreads.factory(name));
    }

    /** A task admitted to the pool; {@link #drop()} takes it back while it still waits. */
    public final class Admitted implements Runnable {

        private final Runnable task;
        private final AtomicBoolean claimed = new AtomicBoolean();

        private Admitted(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return; // dropped while waiting
            }
            try {
                task.run();
            } finally {
                places.release();
            }
        }

        /** Removes the task if it has not started; true when it was removed (it will never run). */
        public boolean drop() {
            if (!claimed.compareAndSet(false, true)) {
                return false;
            }
            executor.remove(this);
            places.release();
            return true;
        }
    }

    /**
     * Admits {@code task}.
     *
     * @return the admitted task, to {@link Admitted#drop() drop} it while it waits
     * @throws QueueFullException when {@code threads + queue} tasks are admitted already
     * @throws RejectedExecutionException when the pool was shut down
     */
    public Admitted execute(Runnable task) {
        if (executor.isShutdown()) {
            throw new RejectedExecutionException("the " + name + " pool is shut down");
        }
        if (!places.tryAcquire()) {
            throw new QueueFullException(name, queueCapacity);
        }
        Admitted admitted = new Admitted(task);
        try {
            executor.execute(admitted);
        } catch (RejectedExecutionException e) {
            places.release();
            throw e;
        }
        return admitted;
    }

    /**
     * Runs {@code work} on a worker thread, then {@code cleanup}.
     *
     * @param cleanup runs exactly once: after the work ended (on its thread), or when the work is dropped
     *     without running (its future cancelled while waiting: then on the cancelling thread), or at once
     *     when the work is not admitted
     * @return completes with the work's result or failure; cancelling it before the work started drops the
     *     work, cancelling it later leaves the work to finish (its result is dropped)
     * @throws QueueFullException when the pool is full
     * @throws RejectedExecutionException when the pool was shut down
     */
    public <T> CompletableFuture<T> submit(Callable<T> work, Runnable cleanup) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Admitted admitted;
        try {
            admitted = execute(() -> {
                try {
                    future.complete(work.call());
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                } finally {
                    cleanup.run();
                }
            });
        } catch (RuntimeException e) {
            cleanup.run();
            throw e;
        }
        future.whenComplete((result, failure) -> {
            if (future.isCancelled() && admitted.drop()) {
                cleanup.run();
            }
        });
        return future;
    }

    /** {@link #submit(Callable, Runnable)} without cleanup. */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        return submit(work, () -> { });
    }

    /** Tasks admitted and not finished: running plus waiting. */
    public int admitted() {
        return executor.getCorePoolSize() + queueCapacity - places.availablePermits();
    }

    /** Stops accepting work; returns the tasks that never started (as given), and interrupts running ones. */
    public List<Runnable> shutdownNow() {
        List<Runnable> never = new ArrayList<>();
        for (Runnable r : executor.shutdownNow()) {
            Admitted a = (Admitted) r;
            if (a.claimed.compareAndSet(false, true)) {
                places.release();
                never.add(a.task);
            }
        }
        return never;
    }

    /** Waits up to {@code millis} for running work to end. */
    public boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        shutdownNow();
    }
}
