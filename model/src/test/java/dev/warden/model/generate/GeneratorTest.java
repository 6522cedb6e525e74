package dev.warden.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {

    private static final ModelConfig TINY = TestConfigs.tiny(); // V 50, context 64

    /** A toy vocabulary: ids 0-25 are one letter, 26-49 two letters, so strings can span tokens. */
    private static final String[] PIECES = new String[TINY.vocabSize()];

    static {
        for (int i = 0; i < PIECES.length; i++) {
            PIECES[i] = i < 26 ? String.valueOf((char) ('a' + i))
                    : "" + (char) ('A' + i - 26) + (char) ('a' + (i * 7) % 26);
        }
    }

    private static final Detokenizer TOY = ids -> {
        StringBuilder s = new StringBuilder();
        for (long id : ids) {
            s.append(PIECES[(int) id]);
        }
        return s.toString();
    };

    private static final long[] SHORT = {3, 14, 15};
    private static final long[] MEDIUM = {9, 2, 6, 5, 35, 8, 9};
    private static final long[] ONE = {42};

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
    void aBatchOfDifferentLengthsEqualsEachPromptAlone() {
        List<GenerationRequest> requests = List.of(
                new GenerationRequest(SHORT, SamplingParams.greedy(12)),
                new GenerationRequest(MEDIUM, SamplingParams.greedy(5)), // finishes early, rides along
                new GenerationRequest(ONE, SamplingParams.greedy(9)));
        Recorder recorder = new Recorder();
        List<GenerationResult> batch = generator.generate(requests, recorder);
        for (int i = 0; i < requests.size(); i++) {
            GenerationRequest r = requests.get(i);
            GenerationResult alone = generator.generate(r.promptIds(), r.params());
            assertArrayEquals(alone.tokenIds(), batch.get(i).tokenIds(), "sequence " + i);
            assertEquals(alone, batch.get(i));
            assertEquals(FinishReason.LENGTH, batch.get(i).finishReason());
            assertEquals(r.params().maxNewTokens(), batch.get(i).tokenIds().length);
            assertEquals(r.promptLength(), batch.get(i).promptTokens());
            assertEquals(TOY.decode(batch.get(i).tokenIds()), batch.get(i).text());
        }
        recorder.assertConsistentWith(batch);
    }

    @Test
    void greedyIsTheArgmaxOfAFullRecomputationAtEveryStep() {
        for (long[] prompt : List.of(SHORT, MEDIUM)) {
            long[] expected = fullRecomputeGreedy(prompt, 10);
            assertArrayEquals(expected, generator.generate(prompt, SamplingParams.greedy(10)).tokenIds());
        }
    }

    @Test
    void aSeedReproducesItsTextWhateverTheBatchAndOtherSeedsDiffer() {
        SamplingParams seed42 = SamplingParams.sampled(15, 1.0, 42);
        GenerationResult alone = generator.generate(MEDIUM, seed42);
        List<GenerationResult> batch = generator.generate(List.of(
                new GenerationRequest(SHORT, SamplingParams.sampled(15, 0.8, 7)),
                new GenerationRequest(MEDIUM, seed42),
                new GenerationRequest(ONE, SamplingParams.greedy(3))));
        assertEquals(alone, batch.get(1));
        assertEquals(alone, generator.generate(MEDIUM, seed42));
        GenerationResult seed43 = generator.generate(MEDIUM, SamplingParams.sampled(15, 1.0, 43));
        assertNotEquals(alone.text(), seed43.text());
        assertNotEquals(alone.text(), generator.generate(MEDIUM, SamplingParams.greedy(15)).text(),
                "sampling at temperature 1 should not follow the argmax of a near-uniform tiny model");
    }

    @Test
    void topKOneAndATinyTopPEqualGreedy() {
        long[] greedy = generator.generate(MEDIUM, SamplingParams.greedy(12)).tokenIds();
        SamplingParams topK1 = SamplingParams.builder().maxNewTokens(12).temperature(1.5).topK(1).seed(3).build();
        SamplingParams topPTiny = SamplingParams.builder().maxNewTokens(12).temperature(1.5).topP(1e-6).seed(4).build();
        assertArrayEquals(greedy, generator.generate(MEDIUM, topK1).tokenIds());
        assertArrayEquals(greedy, generator.generate(MEDIUM, topPTiny).tokenIds());
    }

    @Test
    void theDeviceArgmaxEqualsTheHostArgmax() {
        // greedy alone takes the argmax on the device; with logprobs it reads the logits back and Sampler chooses
        for (long[] prompt : List.of(SHORT, MEDIUM, ONE)) {
            long[] onDevice = generator.generate(prompt, SamplingParams.greedy(12)).tokenIds();
            long[] onHost = generator.generate(prompt, SamplingParams.builder().maxNewTokens(12).logprobs(true).build())
                    .tokenIds();
            assertArrayEquals(onHost, onDevice);
        }
    }

    @Test
    void aStopTokenEndsTheSequenceAndIsNotEmitted() {
        SamplingParams params = SamplingParams.sampled(20, 1.0, 5);
        long[] free = generator.generate(SHORT, params).tokenIds();
        int at = firstNewTokenFrom(free, 2);
        SamplingParams stopping = params.withStopTokenIds(List.of(free[at], 49L));
        Recorder recorder = new Recorder();
        List<GenerationResult> results = generator.generate(List.of(
                new GenerationRequest(SHORT, stopping),
                new GenerationRequest(MEDIUM, SamplingParams.greedy(20))), recorder);
        GenerationResult stopped = results.get(0);
        assertEquals(FinishReason.STOP, stopped.finishReason());
        assertArrayEquals(Arrays.copyOf(free, at), stopped.tokenIds());
        assertEquals(at + 1, stopped.completionTokens(), "the stop token was sampled");
        assertEquals(TOY.decode(Arrays.copyOf(free, at)), stopped.text());
        assertTrue(recorder.tokens.get(0).stream().noneMatch(t -> t == free[at]), "stop token never streamed");
        assertEquals(Map.of(0, free[at]), recorder.stopTokens, "the stop token is reported once, for its sequence");
        assertEquals(generator.generate(MEDIUM, SamplingParams.greedy(20)), results.get(1));
        recorder.assertConsistentWith(results);
    }

    @Test
    void aStopStringSpanningTokensCutsTheTextBeforeIt() {
        SamplingParams params = SamplingParams.sampled(30, 1.0, 8);
        long[] free = generator.generate(MEDIUM, params).tokenIds();
        String fullText = TOY.decode(free);
        int boundaryToken = -1;
        String stop = null;
        int cut = -1;
        for (int k = 1; k + 1 < free.length && stop == null; k++) {
            String before = PIECES[(int) free[k]];
            String candidate = before.charAt(before.length() - 1) + PIECES[(int) free[k + 1]].substring(0, 1);
            int boundary = TOY.decode(Arrays.copyOf(free, k + 1)).length();
            if (fullText.indexOf(candidate) == boundary - 1) {
                boundaryToken = k;
                stop = candidate;
                cut = boundary - 1;
            }
        }
        assertTrue(stop != null, "no stop string spanning two tokens in " + fullText);

        Recorder recorder = new Recorder();
        List<GenerationResult> results = generator.generate(List.of(
                new GenerationRequest(MEDIUM, params.withStopStrings("#never#", stop)),
                new GenerationRequest(SHORT, params)), recorder);
        GenerationResult stopped = results.get(0);
        assertEquals(FinishReason.STOP, stopped.finishReason());
        assertEquals(fullText.substring(0, cut), stopped.text());
        assertArrayEquals(Arrays.copyOf(free, boundaryToken + 2), stopped.tokenIds(),
                "the tokens that spelt the stop string stay in the ids");
        assertEquals(boundaryToken + 2, stopped.completionTokens());
        // the stop string's first character, streamed with token k, was held back and never released
        assertEquals(fullText.substring(0, cut), recorder.text(0));
        recorder.assertConsistentWith(results);
    }

    @Test
    void maxNewTokensAndAFullContextFinishWithLength() {
        GenerationResult seven = generator.generate(SHORT, SamplingParams.greedy(7));
        assertEquals(FinishReason.LENGTH, seven.finishReason());
        assertEquals(7, seven.tokenIds().length);
        assertEquals(7, seven.completionTokens());
        assertEquals(3, seven.promptTokens());

        long[] sixty = LongStream.range(0, 60).map(i -> (i * 11) % TINY.vocabSize()).toArray();
        List<GenerationResult> results = generator.generate(List.of(
                new GenerationRequest(sixty, SamplingParams.greedy(10)),
                new GenerationRequest(SHORT, SamplingParams.greedy(10))));
        assertEquals(FinishReason.LENGTH, results.get(0).finishReason());
        assertEquals(4, results.get(0).tokenIds().length, "60 + 4 fills a context of 64");
        assertEquals(generator.generate(SHORT, SamplingParams.greedy(10)), results.get(1));

        long[] sixtyThree = LongStream.range(0, 63).map(i -> i % TINY.vocabSize()).toArray();
        assertEquals(1, generator.generate(sixtyThree, SamplingParams.greedy(5)).tokenIds().length);
    }

    @Test
    void aListenerCanCancelOneSequence() {
        List<GenerationRequest> requests = List.of(
                new GenerationRequest(SHORT, SamplingParams.greedy(10)),
                new GenerationRequest(MEDIUM, SamplingParams.sampled(10, 1.0, 1)));
        Recorder recorder = new Recorder() {
            @Override
            public boolean onToken(int sequence, long tokenId, String textDelta, Logprobs logprobs) {
                super.onToken(sequence, tokenId, textDelta, logprobs);
                return !(sequence == 1 && tokens.get(1).size() == 3);
            }
        };
        List<GenerationResult> results = generator.generate(requests, recorder);
        assertEquals(FinishReason.CANCELLED, results.get(1).finishReason());
        assertEquals(3, results.get(1).tokenIds().length);
        assertArrayEquals(Arrays.copyOf(generator.generate(MEDIUM, requests.get(1).params()).tokenIds(), 3),
                results.get(1).tokenIds());
        assertEquals(FinishReason.LENGTH, results.get(0).finishReason());
        assertEquals(generator.generate(SHORT, SamplingParams.greedy(10)), results.get(0));
        recorder.assertConsistentWith(results);
    }

    @Test
    void logprobsAreReportedPerToken() {
        SamplingParams params = SamplingParams.builder().maxNewTokens(6).logprobs(true).topLogprobs(3).build();
        GenerationResult result = generator.generate(SHORT, params);
        assertEquals(6, result.logprobs().size());
        for (int i = 0; i < 6; i++) {
            Logprobs lp = result.logprobs().get(i);
            assertEquals(3, lp.alternatives().size());
            assertEquals(result.tokenIds()[i], lp.alternatives().get(0).tokenId(), "greedy picks the most likely");
            assertEquals(lp.logprob(), lp.alternatives().get(0).logprob(), 1e-12);
            assertTrue(lp.logprob() < 0 && lp.alternatives().get(2).logprob() <= lp.alternatives().get(1).logprob());
        }
        assertTrue(generator.generate(SHORT, SamplingParams.greedy(2)).logprobs().isEmpty());
    }

    @Test
    void badPromptsAreRejected() {
        long[] full = LongStream.range(0, 64).map(i -> i % TINY.vocabSize()).toArray();
        List<GenerationRequest> tooLong = List.of(new GenerationRequest(SHORT, SamplingParams.greedy(2)),
                new GenerationRequest(full, SamplingParams.greedy(2)));
        PromptTooLongException e = assertThrows(PromptTooLongException.class, () -> generator.generate(tooLong));
        assertEquals(1, e.sequence());
        assertEquals(64, e.promptTokens());
        assertEquals(64, e.contextLength());
        assertThrows(InvalidPromptException.class, () -> generator.generate(new long[0], SamplingParams.greedy(2)));
        InvalidPromptException outside = assertThrows(InvalidPromptException.class,
                () -> generator.generate(new long[] {1, 50}, SamplingParams.greedy(2)));
        assertTrue(outside.getMessage().contains("50"), outside.getMessage());
        assertThrows(InvalidPromptException.class, () -> generator.generate(new long[] {-1}, SamplingParams.greedy(2)));
        assertTrue(generator.generate(List.of()).isEmpty());
    }

    @Test
    void nativeMemoryStaysFlatAcrossSteps() {
        int before = root.getManagedArrays().size();
        List<Integer> during = new ArrayList<>();
        TokenListener counting = (sequence, tokenId, textDelta, logprobs) -> {
            if (sequence == 0) {
                during.add(root.getManagedArrays().size());
            }
            return true;
        };
        generator.generate(List.of(new GenerationRequest(SHORT, SamplingParams.greedy(20)),
                new GenerationRequest(MEDIUM, SamplingParams.sampled(20, 1.0, 2))), counting);
        assertEquals(20, during.size());
        assertTrue(during.get(0) > before, "the KV cache is counted while generating");
        assertTrue(during.stream().allMatch(n -> n.equals(during.get(0))), "arrays per step: " + during);
        assertEquals(before, root.getManagedArrays().size(), "everything freed after generation");
    }

    // --- helpers ---

    /** Greedy decoding by running the whole sequence through the model (no cache) at every step. */
    private static long[] fullRecomputeGreedy(long[] prompt, int steps) {
        long[] seq = prompt.clone();
        try (NDManager m = model.newManager()) {
            for (int s = 0; s < steps; s++) {
                int n = seq.length;
                NDArray tokens = m.create(seq, new Shape(1, n));
                NDArray positions = m.arange(0, n, 1, DataType.INT64).reshape(1, n);
                try (ForwardOutput out = model.forward(tokens, positions, null, null, ForwardOptions.allLogits())) {
                    float[] logits = out.logits().toFloatArray(); // [1, n, V]
                    int v = TINY.vocabSize();
                    int best = 0;
                    for (int j = 1; j < v; j++) {
                        if (logits[(n - 1) * v + j] > logits[(n - 1) * v + best]) {
                            best = j;
                        }
                    }
                    seq = Arrays.copyOf(seq, n + 1);
                    seq[n] = best;
                }
            }
        }
        return Arrays.copyOfRange(seq, prompt.length, seq.length);
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

    /** Records what a listener sees, per sequence. */
    private static class Recorder implements TokenListener {
        final Map<Integer, List<Long>> tokens = new HashMap<>();
        final Map<Integer, StringBuilder> text = new HashMap<>();
        final Map<Integer, Integer> finishes = new HashMap<>();
        final Map<Integer, GenerationResult> results = new HashMap<>();
        final Map<Integer, Long> stopTokens = new HashMap<>();

        @Override
        public void onStopToken(int sequence, long tokenId) {
            assertTrue(!finishes.containsKey(sequence), "stop token after finish");
            assertEquals(null, stopTokens.put(sequence, tokenId), "one stop token per sequence");
        }

        @Override
        public boolean onToken(int sequence, long tokenId, String textDelta, Logprobs logprobs) {
            assertTrue(!finishes.containsKey(sequence), "token after finish");
            tokens.computeIfAbsent(sequence, s -> new ArrayList<>()).add(tokenId);
            text.computeIfAbsent(sequence, s -> new StringBuilder()).append(textDelta);
            return true;
        }

        @Override
        public void onFinish(int sequence, String textDelta, GenerationResult result) {
            text.computeIfAbsent(sequence, s -> new StringBuilder()).append(textDelta);
            finishes.merge(sequence, 1, Integer::sum);
            results.put(sequence, result);
        }

        String text(int sequence) {
            return text.get(sequence).toString();
        }

        /** Streamed tokens and text add up to each result; one finish per sequence. */
        void assertConsistentWith(List<GenerationResult> expected) {
            for (int i = 0; i < expected.size(); i++) {
                GenerationResult r = expected.get(i);
                assertEquals(1, finishes.get(i), "finishes of " + i);
                assertEquals(r, results.get(i));
                assertEquals(r.text(), text(i), "streamed text of " + i);
                long[] streamed = tokens.getOrDefault(i, List.of()).stream().mapToLong(Long::longValue).toArray();
                assertArrayEquals(r.tokenIds(), streamed, "streamed tokens of " + i);
            }
        }
    }
}
