package dev.warden.service.work;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounded admission, named threads, and cleanup exactly once whatever happens to a task. */
class WorkerPoolTest {

    @Test
    void aFullQueueRejectsAndACancelledQueuedTaskNeverRuns() throws Exception {
        try (WorkerPool pool = new WorkerPool("unit", 1, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<String> thread = new AtomicReference<>();
            CompletableFuture<String> busy = pool.submit(() -> {
                thread.set(Thread.currentThread().getName());
                release.await();
                return "done";
            });
            AtomicBoolean ran = new AtomicBoolean();
            AtomicInteger cleanups = new AtomicInteger();
            CompletableFuture<String> queued = pool.submit(() -> {
                ran.set(true);
                return "queued";
            }, cleanups::incrementAndGet);
            AtomicInteger rejectedCleanups = new AtomicInteger();
            assertThrows(QueueFullException.class, () -> pool.submit(() -> "third", rejectedCleanups::incrementAndGet));
            assertEquals(1, rejectedCleanups.get(), "a rejected task is cleaned up too");

            queued.cancel(false);
            assertEquals(1, cleanups.get(), "cleaned up when dropped from the queue");
            assertEquals(1, pool.admitted(), "its place is free at once: only the busy task is left");
            release.countDown();
            assertEquals("done", busy.get(5, TimeUnit.SECONDS));
            assertTrue(thread.get().startsWith("warden-unit-"), thread.get());
            Thread.sleep(50);
            assertFalse(ran.get());
            assertEquals(1, cleanups.get());
        }
    }

    @Test
    void cleanupRunsAfterTheWorkEvenWhenItFails() throws Exception {
        try (WorkerPool pool = new WorkerPool("unit", 1, 1)) {
            CountDownLatch cleaned = new CountDownLatch(1);
            CompletableFuture<Object> f = pool.submit(() -> {
                throw new IllegalStateException("boom");
            }, cleaned::countDown);
            assertTrue(cleaned.await(5, TimeUnit.SECONDS));
            assertTrue(f.isCompletedExceptionally());
        }
    }
}
