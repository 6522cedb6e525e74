package dev.warden.model.serve;

import static dev.warden.model.serve.ServeFixtures.TINY;
import static dev.warden.model.serve.ServeFixtures.TOY;
import static dev.warden.model.serve.ServeFixtures.await;
import static dev.warden.model.serve.ServeFixtures.prompt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.generate.FinishReason;
import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Generator;
import dev.warden.model.generate.InvalidPromptException;
import dev.warden.model.generate.PromptTooLongException;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.serve.ServeFixtures.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests decoded together by the scheduler, joining at different times, produce exactly what each
 * produces alone through the {@link Generator}, and finish for the same reasons.
 */
@Timeout(60)
class BatchSchedulerTest {

    private static NDManager root;
    private static LlamaModel model;
    private static Generator generator;

    @BeforeAll
    static void loadModel() {
        root = NDManager.newBaseManager();
        model = new LlamaModel(LlamaWeights.random(TINY, 17, 0.2f, DataType.FLOAT32, root.newSubManager()));
        generator = new Generator(model, TOY);
    }

    @AfterAll
    static void closeModel() {
        model.close();
        root.close();
    }

    @Test
    void requestsJoiningMidDecodeProduceExactlyWhatEachProducesAlone() throws Exception {
        int[] lengths = {1, 3, 5, 7, 9, 12, 16, 20};
        int[] maxTokens = {30, 12, 25, 8, 40, 20, 15, 50}; // the last one fills the context of 64 first
        List<GenerationRequest> requests = new ArrayList<>();
        List<GenerationResult> expected = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            GenerationRequest r = new GenerationRequest(prompt(lengths[i], i), SamplingParams.greedy(maxTokens[i]));
            requests.add(r);
            expected.add(generator.generate(r.promptIds(), r.params()));
        }
        assertEquals(FinishReason.LENGTH, expected.get(7).finishReason());
        assertEquals(44, expected.get(7).tokenIds().length, "20 + 44 fills the context");

        AtomicReferenceArray<GenerationHandle> handles = new AtomicReferenceArray<>(lengths.length);
        Recorder[] recorders = new Recorder[lengths.length];
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(4, 8))) {
            // 2 and 3 join from 0's stream at its 5th token, 6 and 7 from 2's at its 10th (on the worker
            // thread, so deterministically between two steps); 4 and 5 from this thread once 1 is done.
            recorders[0] = new Recorder(n -> {
                if (n == 5) {
                    handles.set(2, scheduler.submit(requests.get(2), recorders[2]));
                    handles.set(3, scheduler.submit(requests.get(3), recorders[3]));
                }
            });
            recorders[2] = new Recorder(n -> {
                if (n == 10) {
                    handles.set(6, scheduler.submit(requests.get(6), recorders[6]));
                    handles.set(7, scheduler.submit(requests.get(7), recorders[7]));
                }
            });
            for (int i : new int[] {1, 3, 4, 5, 6, 7}) {
                recorders[i] = new Recorder();
            }
            handles.set(0, scheduler.submit(requests.get(0), recorders[0]));
            handles.set(1, scheduler.submit(requests.get(1), recorders[1]));
            assertTrue(recorders[1].finished.await(20, TimeUnit.SECONDS));
            handles.set(4, scheduler.submit(requests.get(4), recorders[4]));
            handles.set(5, scheduler.submit(requests.get(5), recorders[5]));
            for (int i = 0; i < lengths.length; i++) {
                GenerationResult result = await(handles.get(i));
                assertEquals(expected.get(i), result, "request " + i);
                recorders[i].assertConsistentWith(result);
            }
            assertEquals(0, scheduler.running());
            SchedulerStats stats = scheduler.stats();
            assertEquals(8, stats.submitted());
            assertEquals(8, stats.finished());
            assertEquals(Arrays.stream(lengths).sum(), stats.promptTokens());
            assertEquals(expected.stream().mapToInt(GenerationResult::completionTokens).sum(), stats.generatedTokens());
        }
    }

    @Test
    void aSequenceOutlivingTheSlotsItStartedInSurvivesCompaction() {
        GenerationRequest first = new GenerationRequest(prompt(10, 1), SamplingParams.greedy(60)); // 54: context
        GenerationRequest second = new GenerationRequest(prompt(20, 2), SamplingParams.greedy(40));
        GenerationResult firstAlone = generator.generate(first.promptIds(), first.params());
        GenerationResult secondAlone = generator.generate(second.promptIds(), second.params());
        List<Integer> arrays = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(2, 2))) {
            GenerationHandle[] joined = new GenerationHandle[1];
            // The second joins at slot 40 and needs 59 slots: the pool of 64 must shift left under it.
            GenerationHandle a = scheduler.submit(first, new Recorder(n -> {
                arrays.add(root.getManagedArrays().size());
                if (n == 30) {
                    joined[0] = scheduler.submit(second, new Recorder());
                }
            }));
            GenerationHandle[] counted = new GenerationHandle[1];
            assertEquals(firstAlone, await(a));
            assertEquals(secondAlone, await(joined[0]));
            assertEquals(54, firstAlone.completionTokens());
            assertTrue(scheduler.stats().compactions() >= 1, "compactions: " + scheduler.stats().compactions());
            counted[0] = scheduler.submit(second, new Recorder(n -> arrays.add(root.getManagedArrays().size())));
            assertEquals(secondAlone, await(counted[0]));
        }
        assertEquals(54 + 40, arrays.size());
        assertTrue(arrays.stream().allMatch(n -> n.equals(arrays.get(0))),
                "native arrays at every token, through joins and compactions: " + arrays);
    }

    @Test
    void seededSamplingIsReproducibleWhateverTheBatch() {
        SamplingParams seed42 = SamplingParams.sampled(25, 1.0, 42);
        GenerationRequest mine = new GenerationRequest(prompt(7, 3), seed42);
        GenerationResult alone = generator.generate(mine.promptIds(), seed42);
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(4, 4))) {
            assertEquals(alone, await(scheduler.submit(mine, StreamListener.NONE)));
            List<GenerationHandle> others = new ArrayList<>();
            others.add(scheduler.submit(new GenerationRequest(prompt(4, 8), SamplingParams.sampled(30, 0.8, 7)),
                    StreamListener.NONE));
            GenerationHandle[] late = new GenerationHandle[1];
            others.add(scheduler.submit(new GenerationRequest(prompt(11, 9), SamplingParams.greedy(30)),
                    new Recorder(n -> {
                        if (n == 6) {
                            late[0] = scheduler.submit(mine, StreamListener.NONE);
                        }
                    })));
            GenerationHandle together = scheduler.submit(mine, StreamListener.NONE);
            assertEquals(alone, await(together));
            assertEquals(alone, await(late[0]));
            others.forEach(ServeFixtures::await);
            GenerationResult seed43 = await(scheduler.submit(
                    new GenerationRequest(mine.promptIds(), SamplingParams.sampled(25, 1.0, 43)), StreamListener.NONE));
            assertNotEquals(alone.text(), seed43.text());
        }
    }

    @Test
    void stopIdsStopStringsMaxTokensAndAFullContextFinishAsAlone() {
        SamplingParams sampled = SamplingParams.sampled(30, 1.0, 5);
        long[] shortPrompt = prompt(3, 4);
        long[] free = generator.generate(shortPrompt, sampled).tokenIds();
        int at = firstNewTokenFrom(free, 2);
        String freeText = TOY.decode(free);
        String stop = freeText.substring(6, 8);
        List<GenerationRequest> requests = List.of(
                new GenerationRequest(shortPrompt, sampled.withStopTokenIds(List.of(free[at]))),
                new GenerationRequest(shortPrompt, sampled.withStopStrings("#never#", stop)),
                new GenerationRequest(prompt(5, 5), SamplingParams.greedy(7)),
                new GenerationRequest(prompt(60, 6), SamplingParams.greedy(10)),
                new GenerationRequest(prompt(63, 7), SamplingParams.greedy(5)));
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(8, 8))) {
            List<GenerationHandle> handles = new ArrayList<>();
            List<Recorder> recorders = new ArrayList<>();
            for (GenerationRequest r : requests) {
                Recorder recorder = new Recorder();
                recorders.add(recorder);
                handles.add(scheduler.submit(r, recorder));
            }
            List<GenerationResult> results = handles.stream().map(ServeFixtures::await).toList();
            for (int i = 0; i < requests.size(); i++) {
                GenerationRequest r = requests.get(i);
                assertEquals(generator.generate(r.promptIds(), r.params()), results.get(i), "request " + i);
                recorders.get(i).assertConsistentWith(results.get(i));
            }
            assertEquals(FinishReason.STOP, results.get(0).finishReason());
            assertArrayEquals(Arrays.copyOf(free, at), results.get(0).tokenIds());
            assertEquals(List.of(free[at]), recorders.get(0).stopTokens, "the stop id is reported, not streamed");
            assertEquals(List.of(), recorders.get(1).stopTokens, "a stop string is no stop token");
            assertEquals(FinishReason.STOP, results.get(1).finishReason());
            assertEquals(freeText.substring(0, freeText.indexOf(stop)), results.get(1).text());
            assertEquals(FinishReason.LENGTH, results.get(2).finishReason());
            assertEquals(7, results.get(2).completionTokens());
            assertEquals(FinishReason.LENGTH, results.get(3).finishReason());
            assertEquals(4, results.get(3).completionTokens(), "60 + 4 fills a context of 64");
            assertEquals(1, results.get(4).completionTokens());
        }
    }

    @Test
    void maxBatchIsRespectedAndMetricsHooksSeeEveryRequest() {
        AtomicInteger largestStep = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger firstTokens = new AtomicInteger();
        AtomicInteger gaps = new AtomicInteger();
        List<RequestOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        SchedulerMetrics metrics = new SchedulerMetrics() {
            @Override
            public void admitted(Duration queueTime, int promptTokens) {
                assertTrue(!queueTime.isNegative() && promptTokens > 0);
                admitted.incrementAndGet();
            }

            @Override
            public void firstToken(Duration timeToFirstToken) {
                firstTokens.incrementAndGet();
            }

            @Override
            public void interTokenGap(Duration gap) {
                gaps.incrementAndGet();
            }

            @Override
            public void decodeStep(int sequences, Duration duration) {
                largestStep.accumulateAndGet(sequences, Math::max);
            }

            @Override
            public void finished(RequestOutcome outcome, int promptTokens, int completionTokens, Duration endToEnd) {
                outcomes.add(outcome);
            }
        };
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(new GenerationRequest(prompt(2 + i, 10 + i), SamplingParams.greedy(6 + i)));
        }
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(3, 5), metrics)) {
            List<GenerationHandle> handles = new ArrayList<>();
            for (GenerationRequest r : requests) {
                handles.add(scheduler.submit(r, StreamListener.NONE));
            }
            int total = 0;
            for (int i = 0; i < requests.size(); i++) {
                GenerationResult result = await(handles.get(i));
                assertEquals(generator.generate(requests.get(i).promptIds(), requests.get(i).params()), result);
                total += result.completionTokens();
            }
            assertEquals(3, largestStep.get(), "never more than max batch in a pass");
            assertEquals(8, admitted.get());
            assertEquals(8, firstTokens.get());
            assertEquals(total - 8, gaps.get());
            assertEquals(8, outcomes.size());
            assertTrue(outcomes.stream().allMatch(o -> o == RequestOutcome.LENGTH), outcomes.toString());
        }
    }

    @Test
    void badPromptsAreRejectedOnTheCallersThreadAndFewerSlotsBoundTheLength() {
        try (BatchScheduler scheduler = new BatchScheduler(model, TOY, SchedulerOptions.of(2, 2).withCacheSlots(16))) {
            assertThrows(InvalidPromptException.class,
                    () -> scheduler.submit(new GenerationRequest(new long[0], SamplingParams.greedy(2)),
                            StreamListener.NONE));
            assertThrows(InvalidPromptException.class,
                    () -> scheduler.submit(new GenerationRequest(new long[] {1, 50}, SamplingParams.greedy(2)),
                            StreamListener.NONE));
            PromptTooLongException tooLong = assertThrows(PromptTooLongException.class,
                    () -> scheduler.submit(new GenerationRequest(prompt(17, 1), SamplingParams.greedy(2)),
                            StreamListener.NONE));
            assertEquals(17, tooLong.promptTokens());
            assertEquals(16, scheduler.cacheSlots());
            GenerationRequest request = new GenerationRequest(prompt(10, 2), SamplingParams.greedy(20));
            GenerationResult result = await(scheduler.submit(request, StreamListener.NONE));
            assertEquals(FinishReason.LENGTH, result.finishReason());
            assertEquals(7, result.completionTokens(), "10 prompt + 6 fed tokens fill 16 slots; the 7th is never fed");
            assertArrayEquals(Arrays.copyOf(generator.generate(request.promptIds(), request.params()).tokenIds(), 7),
                    result.tokenIds());
            assertEquals(1, scheduler.stats().submitted(), "rejected prompts were never queued");
        }
    }

    /** Index of the first token at or after {@code from} that does not occur earlier. */
    private static int firstNewTokenFrom(long[] ids, int from) {
        for (int i = from; i < ids.length; i++) {
            long id = ids[i];
            if (Arrays.stream(ids, 0, i).noneMatch(x -> x == id)) {
                return i;
            }
        }
        throw new AssertionError("no new token in " + Arrays.toString(ids));
    }
}
