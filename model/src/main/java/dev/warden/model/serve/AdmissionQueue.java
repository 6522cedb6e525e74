package dev.warden.model.serve;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests waiting for a batch slot, the count of those holding one, and the scheduler's lifecycle,
 * under one lock shared by the submitting threads and the worker. The worker takes an {@link Intake} at
 * every step boundary and blocks here only when it has nothing to decode.
 *
 * <p>Bound: a submission is refused when the waiting requests already fill {@code maxQueue} plus the
 * slots that are free right now (those are about to be admitted at the next boundary).
 */
final class AdmissionQueue {

    /** Lifecycle of a scheduler. */
    enum Lifecycle {
        /** Accepting requests. */
        OPEN,
        /** shutdown(): no new requests; queued and running ones finish. */
        DRAINING,
        /** close(): running requests are cancelled, queued ones dropped. */
        CLOSING
    }

    /**
     * What the worker takes at a step boundary.
     *
     * @param admitted  requests given a batch slot now, in submission order
     * @param dropped   queued requests that were cancelled or passed their deadline (or, when closing, all)
     * @param lifecycle the lifecycle when taken
     * @param exit      whether the worker should stop: draining with nothing left, or closing
     */
    record Intake(List<Job> admitted, List<Job> dropped, Lifecycle lifecycle, boolean exit) {
    }

    private final int maxBatch;
    private final int maxQueue;
    private final int maxPrefillTokens;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private int running;
    private Lifecycle lifecycle = Lifecycle.OPEN;

    AdmissionQueue(SchedulerOptions options) {
        this.maxBatch = options.maxBatch();
        this.maxQueue = options.maxQueue();
        this.maxPrefillTokens = options.maxPrefillTokens();
    }

    /**
     * Queues a request.
     *
     * @throws QueueFullException        when the queue is full
     * @throws SchedulerClosedException  after shutdown or close
     */
    void offer(Job job) {
        lock.lock();
        try {
            if (lifecycle != Lifecycle.OPEN) {
                throw new SchedulerClosedException("the scheduler is " + (lifecycle == Lifecycle.DRAINING
                        ? "shutting down" : "closed") + " and accepts no new requests");
            }
            if (waiting.size() >= maxQueue + Math.max(0, maxBatch - running)) {
                throw new QueueFullException(maxQueue);
            }
            waiting.addLast(job);
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The worker's intake at a step boundary; blocks while the worker has nothing to decode and nothing
     * waits (and the scheduler is open).
     *
     * @param decoding whether the worker holds active sequences
     */
    Intake take(boolean decoding, Instant now) throws InterruptedException {
        lock.lock();
        try {
            while (!decoding && waiting.isEmpty() && lifecycle == Lifecycle.OPEN) {
                wake.await();
            }
            List<Job> dropped = new ArrayList<>();
            if (lifecycle == Lifecycle.CLOSING) {
                dropped.addAll(waiting);
                waiting.clear();
                return new Intake(List.of(), dropped, lifecycle, true);
            }
            for (Iterator<Job> it = waiting.iterator(); it.hasNext(); ) {
                Job job = it.next();
                if (job.cancelRequested || job.expired(now)) {
                    it.remove();
                    dropped.add(job);
                }
            }
            List<Job> admitted = new ArrayList<>();
            int longest = 0;
            while (running < maxBatch && !waiting.isEmpty()) {
                int length = Math.max(longest, waiting.peekFirst().request.promptLength());
                if (!admitted.isEmpty() && (long) (admitted.size() + 1) * length > maxPrefillTokens) {
                    break;
                }
                admitted.add(waiting.pollFirst());
                longest = length;
                running++;
            }
            boolean exit = lifecycle == Lifecycle.DRAINING && !decoding && waiting.isEmpty() && admitted.isEmpty();
            return new Intake(admitted, dropped, lifecycle, exit);
        } finally {
            lock.unlock();
        }
    }

    /** {@code count} admitted requests ended, freeing their slots. */
    void ended(int count) {
        if (count == 0) {
            return;
        }
        lock.lock();
        try {
            running -= count;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the worker (a cancellation, a lifecycle change). */
    void wake() {
        lock.lock();
        try {
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Moves the lifecycle forward to {@code next} (never back) and wakes the worker. */
    void advance(Lifecycle next) {
        lock.lock();
        try {
            if (next.compareTo(lifecycle) > 0) {
                lifecycle = next;
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The current lifecycle. */
    Lifecycle lifecycle() {
        lock.lock();
        try {
            return lifecycle;
        } finally {
            lock.unlock();
        }
    }

    /** Requests holding a batch slot. */
    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a slot. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }
}
