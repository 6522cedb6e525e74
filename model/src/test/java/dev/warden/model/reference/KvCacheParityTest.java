package dev.warden.model.reference;

import static dev.warden.model.reference.Parity.assertClose;
import static dev.warden.model.reference.Parity.longs;
import static dev.warden.model.reference.Parity.randomTokens;
import static dev.warden.model.reference.Parity.toJava;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.KvCache;
import dev.warden.model.llama.LlamaModel;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batched, left-padded decoding through the {@link KvCache} (a padded prefill, a two-token chunk, then
 * single tokens, each row continuing at its own positions) gives, at every new token, the logits and
 * hidden states of a full recomputation without a cache and of the reference over that row alone.
 *
 * <p>Legend: B batch (3 rows), T tokens of one pass, W padded width, V vocabulary.
 */
class KvCacheParityTest {

    private static final int[] PROMPT_LENGTHS = {4, 1, 6};
    private static final int CONTINUATION = 5;
    private static final int[] STEPS = {2, 1, 1, 1}; // continuation tokens fed per decode pass
    private static final double CACHE_VS_FULL = 1e-5;
    private static final double CACHE_VS_REFERENCE = 1e-4;

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("GQA 4q/2kv, bias", TestConfigs.builder().vocab(53).hidden(32).intermediate(48)
                        .layers(2).heads(4).kvHeads(2).qkvBias(true).build()),
                Arguments.of("MQA 6q/1kv, tied, theta 1000", TestConfigs.builder().vocab(41).hidden(48)
                        .intermediate(64).layers(3).heads(6).kvHeads(1).tied(true).ropeTheta(1000).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void paddedBatchDecodingEqualsFullRecomputationAndTheReference(String name, ModelConfig config) {
        int rows = PROMPT_LENGTHS.length;
        int promptWidth = max(PROMPT_LENGTHS);
        int layers = config.numHiddenLayers();
        ReferenceSpec spec = ReferenceSpec.from(config);
        Map<String, float[]> tensors = RandomCheckpoint.generate(spec, name.hashCode());
        ReferenceLlama reference = new ReferenceLlama(spec, tensors);
        int[][] sequences = new int[rows][];
        ReferenceOutput[] expected = new ReferenceOutput[rows];
        for (int b = 0; b < rows; b++) {
            sequences[b] = randomTokens(PROMPT_LENGTHS[b] + CONTINUATION, config.vocabSize(), 10 + b);
            expected[b] = reference.forward(sequences[b]);
        }
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = RandomCheckpoint.load(config, tensors, root);
             NDManager m = model.newManager()) {
            float[][][] full = fullRecomputation(model, m, sequences, promptWidth + CONTINUATION); // [B][W][V]

            int capacity = promptWidth + CONTINUATION;
            try (KvCache cache = KvCache.allocate(config, rows, capacity, DataType.FLOAT32, m)) {
                // Prefill: prompts left-padded to the widest one.
                int[][] tokens = new int[rows][promptWidth];
                int[][] positions = new int[rows][promptWidth];
                float[] validity = new float[rows * promptWidth];
                for (int b = 0; b < rows; b++) {
                    int pad = promptWidth - PROMPT_LENGTHS[b];
                    for (int j = 0; j < PROMPT_LENGTHS[b]; j++) {
                        tokens[b][pad + j] = sequences[b][j];
                        positions[b][pad + j] = j;
                        validity[b * promptWidth + pad + j] = 1;
                    }
                }
                try (ForwardOutput out = model.forward(longs(m, tokens), longs(m, positions),
                        m.create(validity, new Shape(rows, promptWidth)), cache,
                        ForwardOptions.allLogits().withHiddenStates())) {
                    float[][][] logits = toJava(out.logits());
                    for (int b = 0; b < rows; b++) {
                        int pad = promptWidth - PROMPT_LENGTHS[b];
                        for (int j = 0; j < PROMPT_LENGTHS[b]; j++) {
                            String what = name + " prefill row " + b + " token " + j;
                            assertClose(toDouble(full[b][pad + j]), logits[b][pad + j], CACHE_VS_FULL, what);
                            assertClose(expected[b].logits()[j], logits[b][pad + j], CACHE_VS_REFERENCE, what);
                            assertHidden(expected[b], j, out, b, pad + j, layers, what);
                        }
                    }
                }
                // Decode: a chunk of two tokens, then one at a time; every row continues at its own position.
                int fed = 0;
                for (int step : STEPS) {
                    int[][] next = new int[rows][step];
                    int[][] nextPositions = new int[rows][step];
                    for (int b = 0; b < rows; b++) {
                        for (int j = 0; j < step; j++) {
                            next[b][j] = sequences[b][PROMPT_LENGTHS[b] + fed + j];
                            nextPositions[b][j] = PROMPT_LENGTHS[b] + fed + j;
                        }
                    }
                    ForwardOptions options = step == 1 ? ForwardOptions.lastLogits().withHiddenStates()
                            : ForwardOptions.allLogits().withHiddenStates();
                    try (ForwardOutput out = model.forward(longs(m, next), longs(m, nextPositions), null, cache,
                            options)) {
                        float[][][] logits = toJava(out.logits());
                        for (int b = 0; b < rows; b++) {
                            for (int j = 0; j < step; j++) {
                                int index = PROMPT_LENGTHS[b] + fed + j; // in the row's own sequence
                                int slot = promptWidth + fed + j; // in the padded batch
                                String what = name + " decode row " + b + " token " + index;
                                assertClose(toDouble(full[b][slot]), logits[b][j], CACHE_VS_FULL, what);
                                assertClose(expected[b].logits()[index], logits[b][j], CACHE_VS_REFERENCE, what);
                                assertHidden(expected[b], index, out, b, j, layers, what);
                            }
                        }
                    }
                    fed += step;
                }
                assertEquals(capacity, cache.length());
                assertArrayEquals(paddedValidity(promptWidth + CONTINUATION), cache.validity().toFloatArray());
                NDArray one = m.create(new long[] {1, 1, 1}, new Shape(rows, 1));
                assertThrows(IllegalStateException.class,
                        () -> model.forward(one, one, null, cache, ForwardOptions.lastLogits()), "cache is full");
            }
        }
    }

    /** The whole left-padded sequences in one pass without a cache: [B][W][V]. */
    private static float[][][] fullRecomputation(LlamaModel model, NDManager m, int[][] sequences, int width) {
        int rows = sequences.length;
        int[][] tokens = new int[rows][width];
        int[][] positions = new int[rows][width];
        try (ForwardOutput out = model.forward(longs(m, leftPad(sequences, width, tokens, positions)),
                longs(m, positions), m.create(paddedValidity(width), new Shape(rows, width)), null,
                ForwardOptions.allLogits())) {
            return toJava(out.logits());
        }
    }

    private static int[][] leftPad(int[][] sequences, int width, int[][] tokens, int[][] positions) {
        for (int b = 0; b < sequences.length; b++) {
            int pad = width - sequences[b].length;
            for (int j = 0; j < sequences[b].length; j++) {
                tokens[b][pad + j] = sequences[b][j];
                positions[b][pad + j] = j;
            }
        }
        return tokens;
    }

    /** Validity [B, W] of the prompts left-padded to the widest one, followed by the continuations. */
    private static float[] paddedValidity(int width) {
        int rows = PROMPT_LENGTHS.length;
        int promptWidth = max(PROMPT_LENGTHS);
        float[] validity = new float[rows * width];
        for (int b = 0; b < rows; b++) {
            for (int s = promptWidth - PROMPT_LENGTHS[b]; s < width; s++) {
                validity[b * width + s] = 1;
            }
        }
        return validity;
    }

    private static void assertHidden(ReferenceOutput expected, int index, ForwardOutput out, int row, int column,
                                     int layers, String what) {
        assertEquals(layers + 1, out.hiddenStates().size(), what + ": hidden state count");
        for (int layer = 0; layer <= layers; layer++) {
            float[] got = out.hiddenStates().get(layer).get(row, column).toFloatArray(); // [D]
            assertClose(expected.hiddenStates().get(layer)[index], got, CACHE_VS_REFERENCE,
                    what + " hidden state " + layer);
        }
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    private static int max(int[] values) {
        int max = values[0];
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
