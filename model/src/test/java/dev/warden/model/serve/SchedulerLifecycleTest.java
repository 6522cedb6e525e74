package dev.warden.model.serve;

import static dev.warden.model.serve.ServeFixtures.TINY;
import static dev.warden.model.serve.ServeFixtures.TOY;
import static dev.warden.model.serve.ServeFixtures.await;
import static dev.warden.model.serve.ServeFixtures.awaitFailure;
import static dev.warden.model.serve.ServeFixtures.prompt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.generate.FinishReason;
import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Generator;
import dev.warden.model.generate.Logprobs;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.serve.ServeFixtures.Gate;
import dev.warden.model.serve.ServeFixtures.Recorder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancellation, the bounded queue, deadlines, failing listeners and hooks, and the scheduler's end. A
 * {@link Gate} holds the worker at a request's first token so the tests can act at a known point.
 */
@Timeout(60)
class SchedulerLifecycleTest {

    private static final GenerationRequest LONG = new GenerationRequest(prompt(3, 1), SamplingParams.greedy(50));
    private static final GenerationRequest OTHER = new GenerationRequest(prompt(6, 2), SamplingParams.greedy(12));

    private static NDManager root;
    private static LlamaModel model;
    private static Generator generator;

    @BeforeAll
    static void loadModel() {
        root = NDManager.newBaseManager();
        model = new LlamaModel(LlamaWeights.random(TINY, 29, 0.2f, DataType.FLOAT32, root.newSubManager()));
        generator = new Generator(model, TOY);
    }

    @AfterAll
    static void closeModel() {
        model.close();
        root.close();
    }

    @Test
    void cancellingARunningRequestFreesItsSlotForAQueuedOne() throws Exception {
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(1, 2))) {
            Gate gate = new Gate();
            GenerationHandle running = scheduler.submit(LONG, gate);
            gate.awaitReached();
            Recorder queuedRecorder = new Recorder();
            GenerationHandle queued = scheduler.submit(OTHER, queuedRecorder);
            assertEquals(1, scheduler.running());
            assertEquals(1, scheduler.waiting());
            running.cancel();
            gate.open();
            GenerationResult cancelled = await(running);
            assertEquals(FinishReason.CANCELLED, cancelled.finishReason());
            assertTrue(cancelled.completionTokens() <= 2, "stopped at once: " + cancelled);
            gate.assertConsistentWith(cancelled);
            GenerationResult admitted = await(queued);
            assertEquals(generator.generate(OTHER.promptIds(), OTHER.params()), admitted);
            queuedRecorder.assertConsistentWith(admitted);
            assertEquals(0, scheduler.running());
            assertEquals(0, scheduler.waiting());
            running.cancel(); // after the end: nothing happens
            assertEquals(cancelled, await(running));
        }
    }

    @Test
    void aCancelledQueuedRequestLeavesTheQueueWithoutTokens() throws Exception {
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(1, 2))) {
            Gate gate = new Gate();
            GenerationHandle running = scheduler.submit(OTHER, gate);
            gate.awaitReached();
            Recorder recorder = new Recorder();
            GenerationHandle queued = scheduler.submit(LONG, recorder);
            queued.cancel();
            gate.open();
            GenerationResult result = await(queued);
            assertEquals(FinishReason.CANCELLED, result.finishReason());
            assertEquals(0, result.completionTokens());
            assertEquals(LONG.promptLength(), result.promptTokens());
            recorder.assertConsistentWith(result);
            assertEquals(0, recorder.starts.get(), "never started");
            assertEquals(generator.generate(OTHER.promptIds(), OTHER.params()), await(running));
            assertEquals(0, scheduler.waiting());
        }
    }

    @Test
    void aListenerReturningFalseCancelsItsRequest() {
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(2, 2))) {
            GenerationHandle handle = scheduler.submit(LONG, (tokenId, textDelta, logprobs) -> false);
            GenerationHandle other = scheduler.submit(OTHER, StreamListener.NONE);
            GenerationResult result = await(handle);
            assertEquals(FinishReason.CANCELLED, result.finishReason());
            assertEquals(1, result.completionTokens());
            assertEquals(generator.generate(OTHER.promptIds(), OTHER.params()), await(other));
        }
    }

    @Test
    void aFullQueueRejectsExplicitly() throws Exception {
        SchedulerMetrics countsRejections = new SchedulerMetrics() {
            int rejected;

            @Override
            public void rejected() {
                rejected++;
                assertEquals(1, rejected);
            }
        };
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(1, 2), countsRejections)) {
            Gate gate = new Gate();
            GenerationHandle running = scheduler.submit(OTHER, gate);
            gate.awaitReached();
            GenerationHandle b = scheduler.submit(OTHER, StreamListener.NONE);
            GenerationHandle c = scheduler.submit(OTHER, StreamListener.NONE);
            QueueFullException full = assertThrows(QueueFullException.class,
                    () -> scheduler.submit(OTHER, StreamListener.NONE));
            assertEquals(2, full.maxQueue());
            SchedulerStats stats = scheduler.stats();
            assertEquals(1, stats.rejected());
            assertEquals(3, stats.submitted());
            assertEquals(2, stats.waiting());
            assertEquals(1, stats.running());
            gate.open();
            GenerationResult expected = generator.generate(OTHER.promptIds(), OTHER.params());
            for (GenerationHandle h : List.of(running, b, c)) {
                assertEquals(expected, await(h));
            }
        }
    }

    @Test
    void deadlinesEndQueuedAndRunningRequests() throws Exception {
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(1, 2))) {
            Gate gate = new Gate();
            GenerationHandle first = scheduler.submit(OTHER, gate);
            gate.awaitReached();
            Recorder neverRuns = new Recorder();
            GenerationHandle queued = scheduler.submit(LONG, Instant.now().plusMillis(30), neverRuns);
            Thread.sleep(80);
            gate.open();
            DeadlineExceededException late = assertInstanceOf(DeadlineExceededException.class, awaitFailure(queued));
            assertEquals(0, late.partialResult().completionTokens());
            assertEquals(0, neverRuns.finishes.get(), "no normal finish for a failed request");
            await(first);
        }
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(2, 2))) {
            Gate held = new Gate(); // running, held at its first token until past its deadline
            GenerationHandle running = scheduler.submit(LONG, Instant.now().plusMillis(100), held);
            held.awaitReached();
            GenerationHandle other = scheduler.submit(OTHER, StreamListener.NONE);
            Thread.sleep(150);
            held.open();
            DeadlineExceededException late = assertInstanceOf(DeadlineExceededException.class, awaitFailure(running));
            GenerationResult partial = late.partialResult();
            assertEquals(FinishReason.CANCELLED, partial.finishReason());
            assertTrue(partial.completionTokens() >= 1 && partial.completionTokens() <= 2, partial.toString());
            assertArrayEquals(Arrays.copyOf(generator.generate(LONG.promptIds(), LONG.params()).tokenIds(),
                    partial.tokenIds().length), partial.tokenIds());
            assertEquals(0, held.finishes.get(), "no normal finish for a failed request");
            assertEquals(generator.generate(OTHER.promptIds(), OTHER.params()), await(other));
            assertEquals(0, scheduler.running());
        }
    }

    @Test
    void aThrowingListenerOrMetricsHookBreaksNothingElse() {
        SchedulerMetrics throwing = new SchedulerMetrics() {
            @Override
            public void interTokenGap(Duration gap) {
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public void decodeStep(int sequences, Duration duration) {
                throw new IllegalStateException("metrics backend down");
            }
        };
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(4, 4), throwing)) {
            IllegalStateException boom = new IllegalStateException("client went away");
            GenerationHandle broken = scheduler.submit(LONG, new Recorder(n -> {
                if (n == 3) {
                    throw boom;
                }
            }));
            GenerationHandle finishBroken = scheduler.submit(OTHER, new StreamListener() {
                @Override
                public boolean onToken(long tokenId, String textDelta, Logprobs logprobs) {
                    return true;
                }

                @Override
                public void onFinish(String textDelta, GenerationResult result) {
                    throw new UnsupportedOperationException("no finish");
                }
            });
            Recorder fine = new Recorder();
            GenerationHandle ok = scheduler.submit(OTHER, fine);
            Throwable failure = awaitFailure(broken);
            assertInstanceOf(ListenerFailedException.class, failure);
            assertSame(boom, failure.getCause());
            assertInstanceOf(UnsupportedOperationException.class, awaitFailure(finishBroken).getCause());
            GenerationResult result = await(ok);
            assertEquals(generator.generate(OTHER.promptIds(), OTHER.params()), result);
            fine.assertConsistentWith(result);
            assertEquals(0, scheduler.running());
            assertEquals(generator.generate(OTHER.promptIds(), OTHER.params()),
                    await(scheduler.submit(OTHER, StreamListener.NONE)), "the loop still runs");
        }
    }

    @Test
    void aFailingForwardPassEndsItsRequestsButNotTheLoop() throws Exception {
        LlamaModel doomed = new LlamaModel(LlamaWeights.random(TINY, 31, 0.2f, DataType.FLOAT32, root.newSubManager()));
        try (BatchScheduler scheduler = new BatchScheduler(doomed, TOY, SchedulerOptions.of(2, 2))) {
            Gate gate = new Gate();
            GenerationHandle running = scheduler.submit(LONG, gate);
            gate.awaitReached();
            doomed.close(); // the weights (and the cache, allocated under them) are gone before the next pass
            gate.open();
            Throwable failure = awaitFailure(running);
            assertInstanceOf(EngineFailureException.class, failure);
            assertNotNull(failure.getCause());
            assertEquals(0, scheduler.running());
            assertInstanceOf(EngineFailureException.class,
                    awaitFailure(scheduler.submit(OTHER, StreamListener.NONE)), "the loop still answers");
            assertFalse(scheduler.isTerminated());
        }
    }

    @Test
    void closeCancelsRunningRequestsDropsQueuedOnesAndEndsTheThread() throws Exception {
        int arraysBefore = root.getManagedArrays().size();
        BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(1, 2));
        Gate gate = new Gate();
        GenerationHandle running = scheduler.submit(LONG, gate);
        gate.awaitReached();
        assertTrue(root.getManagedArrays().size() > arraysBefore, "the KV cache is allocated");
        GenerationHandle queued = scheduler.submit(OTHER, StreamListener.NONE);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(scheduler::close);
        Thread.sleep(50);
        assertFalse(closing.isDone(), "close waits for the worker");
        gate.open();
        closing.get(20, TimeUnit.SECONDS);
        GenerationResult cancelled = await(running);
        assertEquals(FinishReason.CANCELLED, cancelled.finishReason());
        gate.assertConsistentWith(cancelled);
        assertInstanceOf(SchedulerClosedException.class, awaitFailure(queued));
        assertTrue(scheduler.isTerminated());
        assertNotNull(gate.worker);
        assertFalse(gate.worker.isAlive(), "the worker thread ended");
        assertThrows(SchedulerClosedException.class, () -> scheduler.submit(OTHER, StreamListener.NONE));
        assertEquals(arraysBefore, root.getManagedArrays().size(), "the KV cache is freed");
        scheduler.close(); // idempotent
    }

    @Test
    void shutdownDrainsQueuedAndRunningRequests() throws Exception {
        BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(1, 3));
        Gate gate = new Gate();
        GenerationHandle first = scheduler.submit(OTHER, gate);
        gate.awaitReached();
        GenerationHandle second = scheduler.submit(LONG, StreamListener.NONE);
        scheduler.shutdown();
        assertThrows(SchedulerClosedException.class, () -> scheduler.submit(OTHER, StreamListener.NONE));
        gate.open();
        assertEquals(generator.generate(OTHER.promptIds(), OTHER.params()), await(first));
        assertEquals(generator.generate(LONG.promptIds(), LONG.params()), await(second));
        scheduler.terminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        gate.worker.join(5000);
        assertFalse(gate.worker.isAlive());
        scheduler.close();
    }
}
