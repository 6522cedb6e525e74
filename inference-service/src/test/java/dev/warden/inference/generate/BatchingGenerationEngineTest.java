package dev.warden.inference.generate;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.warden.inference.TestCheckpoints;
import dev.warden.inference.error.DeadlineExceededException;
import dev.warden.inference.error.ModelUnavailableException;
import dev.warden.service.work.QueueFullException;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.generate.FinishReason;
import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Logprobs;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.serve.SchedulerMetrics;
import dev.warden.model.serve.SchedulerOptions;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batching engine on a real tiny model (which never emits end-of-sequence, so a job of 2000 tokens runs
 * for seconds unless stopped): deadlines, cancellation of queued and running jobs, admission, shutdown,
 * retirement of a model's scheduler.
 */
class BatchingGenerationEngineTest {

    private static final int LONG = 2000;

    @TempDir
    static Path dir;
    private static LoadedModel model;

    @BeforeAll
    static void load() {
        TestCheckpoints.write(dir.resolve("m"), 3);
        model = LoadedModel.load(dir.resolve("m"), Device.cpu(), DataType.FLOAT32);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GenerationJob job(int maxNewTokens, OptionalLong deadlineNanos) {
        long[] prompt = model.tokenizer().encode("<bos> tok1 tok2");
        SamplingParams params = SamplingParams.greedy(maxNewTokens).withStopTokenIds(model.stopTokenIds());
        return new GenerationJob("m", model, new GenerationRequest(prompt, params), System.nanoTime(), deadlineNanos);
    }

    private static BatchingGenerationEngine engine(int batch, int queue) {
        return new BatchingGenerationEngine(SchedulerOptions.of(batch, queue), name -> SchedulerMetrics.NONE);
    }

    /** Counts what the engine reports. */
    private static final class Recorder implements GenerationListener {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger tokens = new AtomicInteger();
        final AtomicInteger finishes = new AtomicInteger();
        final CountDownLatch firstToken = new CountDownLatch(1);

        @Override
        public void onStart(long nanos) {
            starts.incrementAndGet();
        }

        @Override
        public void onToken(long tokenId, String textDelta, Logprobs logprobs) {
            tokens.incrementAndGet();
            firstToken.countDown();
        }

        @Override
        public void onStopToken(long tokenId) {
        }

        @Override
        public void onFinish(String textDelta, GenerationResult result) {
            finishes.incrementAndGet();
        }
    }

    private static GenerationResult result(GenerationHandle h) throws Exception {
        return h.completion().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(GenerationHandle h) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> h.completion().toCompletableFuture().get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void aJobRunsToItsLength() throws Exception {
        try (BatchingGenerationEngine engine = engine(1, 1)) {
            Recorder r = new Recorder();
            GenerationResult result = result(engine.submit(job(7, OptionalLong.empty()), r));
            assertEquals(FinishReason.LENGTH, result.finishReason());
            assertEquals(7, r.tokens.get());
            assertEquals(1, r.starts.get());
            assertEquals(1, r.finishes.get());
        }
    }

    @Test
    void aDeadlinePassedInTheQueueFailsWithoutStarting() {
        try (BatchingGenerationEngine engine = engine(1, 1)) {
            Recorder r = new Recorder();
            Throwable t = failure(engine.submit(job(5, OptionalLong.of(System.nanoTime() - 1)), r));
            assertInstanceOf(DeadlineExceededException.class, t);
            assertEquals(0, r.starts.get());
        }
    }

    @Test
    void aDeadlineStopsARunningJob() {
        try (BatchingGenerationEngine engine = engine(1, 1)) {
            Recorder r = new Recorder();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
            Throwable t = failure(engine.submit(job(LONG, OptionalLong.of(deadline)), r));
            assertInstanceOf(DeadlineExceededException.class, t);
            assertTrue(r.tokens.get() > 0 && r.tokens.get() < LONG, "stopped at " + r.tokens.get());
            assertEquals(0, r.finishes.get(), "no finish after a deadline");
        }
    }

    @Test
    void cancellingFreesQueuedPlacesAtOnceAndStopsRunningJobs() throws Exception {
        try (BatchingGenerationEngine engine = engine(1, 1)) {
            Recorder running = new Recorder();
            GenerationHandle a = engine.submit(job(LONG, OptionalLong.empty()), running);
            assertTrue(running.firstToken.await(10, TimeUnit.SECONDS));
            Recorder queued = new Recorder();
            GenerationHandle b = engine.submit(job(LONG, OptionalLong.empty()), queued);
            assertThrows(QueueFullException.class, () -> engine.submit(job(5, OptionalLong.empty()), new Recorder()));

            b.cancel();
            GenerationResult dropped = result(b);
            assertEquals(FinishReason.CANCELLED, dropped.finishReason());
            assertEquals(0, dropped.completionTokens());
            GenerationHandle c = engine.submit(job(5, OptionalLong.empty()), new Recorder()); // b's place is free

            a.cancel();
            GenerationResult stopped = result(a);
            assertEquals(FinishReason.CANCELLED, stopped.finishReason());
            assertTrue(stopped.completionTokens() < LONG, "stopped at " + stopped.completionTokens());
            assertEquals(0, running.finishes.get(), "a caller that cancelled hears nothing more");
            assertEquals(FinishReason.LENGTH, result(c).finishReason());
            assertEquals(0, queued.starts.get(), "the dropped job never started");
        }
    }

    @Test
    void closingEndsRunningJobsAsCancelledAndFailsQueuedOnes() throws Exception {
        BatchingGenerationEngine engine = engine(1, 1);
        Recorder running = new Recorder();
        GenerationHandle a = engine.submit(job(LONG, OptionalLong.empty()), running);
        assertTrue(running.firstToken.await(10, TimeUnit.SECONDS));
        GenerationHandle b = engine.submit(job(LONG, OptionalLong.empty()), new Recorder());
        engine.close();

        GenerationResult ended = result(a);
        assertEquals(FinishReason.CANCELLED, ended.finishReason());
        assertEquals(1, running.finishes.get(), "the server ended it: its caller gets the finish");
        assertInstanceOf(ModelUnavailableException.class, failure(b));
        assertThrows(ModelUnavailableException.class, () -> engine.submit(job(5, OptionalLong.empty()), new Recorder()));
        assertFalse(a.completion().toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void concurrentJobsShareDecodePassesAndEachGetsWhatItGetsAlone() throws Exception {
        GenerationResult alone;
        try (BatchingGenerationEngine engine = engine(4, 4)) {
            alone = result(engine.submit(job(12, OptionalLong.empty()), new Recorder()));
        }
        AtomicInteger largestStep = new AtomicInteger();
        SchedulerMetrics steps = new SchedulerMetrics() {
            @Override
            public void decodeStep(int sequences, java.time.Duration duration) {
                largestStep.accumulateAndGet(sequences, Math::max);
            }
        };
        try (BatchingGenerationEngine engine = new BatchingGenerationEngine(SchedulerOptions.of(4, 4), n -> steps)) {
            java.util.List<GenerationHandle> handles = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                handles.add(engine.submit(job(12, OptionalLong.empty()), new Recorder()));
            }
            for (GenerationHandle h : handles) {
                assertEquals(alone, result(h));
            }
        }
        assertTrue(largestStep.get() > 1, "jobs decoded together, largest pass " + largestStep.get());
    }

    @Test
    void retiringAModelClosesItsSchedulerAndAStoppedEngineRefusesJobs() throws Exception {
        BatchingGenerationEngine engine = engine(2, 2);
        assertEquals(FinishReason.LENGTH, result(engine.submit(job(3, OptionalLong.empty()), new Recorder())).finishReason());
        engine.retire(model);
        engine.retire(model); // harmless twice
        assertEquals(FinishReason.LENGTH, result(engine.submit(job(3, OptionalLong.empty()), new Recorder())).finishReason(),
                "a new scheduler is started for a model seen again");
        engine.close();
        assertThrows(ModelUnavailableException.class, () -> engine.submit(job(3, OptionalLong.empty()), new Recorder()));
    }
}
