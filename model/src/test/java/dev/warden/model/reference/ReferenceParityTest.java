package dev.warden.model.reference;

import static dev.warden.model.reference.Parity.assertClose;
import static dev.warden.model.reference.Parity.assertNonTrivial;
import static dev.warden.model.reference.Parity.longs;
import static dev.warden.model.reference.Parity.randomTokens;
import static dev.warden.model.reference.Parity.range;
import static dev.warden.model.reference.Parity.toJava;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.config.RopeFrequencies;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DJL model's logits and per-layer hidden states equal the independent {@link ReferenceLlama}'s
 * (f32 vs double, within 1e-4) on seeded random tiny configurations covering the architecture's variants.
 *
 * <p>Legend: B batch, T tokens, V vocabulary, D hidden size.
 */
class ReferenceParityTest {

    private static final double LOGIT_TOLERANCE = 1e-4;
    private static final double HIDDEN_TOLERANCE = 1e-4; // relative above magnitude 1

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("GQA 6q/2kv, no bias, 3 layers", TestConfigs.builder().vocab(61).hidden(48)
                        .intermediate(80).layers(3).heads(6).kvHeads(2).build(), 7),
                Arguments.of("MHA 4q/4kv, q/k/v bias", TestConfigs.builder().vocab(40).hidden(32).intermediate(64)
                        .heads(4).kvHeads(4).qkvBias(true).build(), 5),
                Arguments.of("MQA 4q/1kv, tied embeddings", TestConfigs.builder().vocab(50).hidden(32)
                        .intermediate(48).heads(4).kvHeads(1).tied(true).build(), 9),
                Arguments.of("GQA 8q/2kv, tied, bias, theta 500000", TestConfigs.builder().vocab(70).hidden(64)
                        .intermediate(96).heads(8).kvHeads(2).tied(true).qkvBias(true).ropeTheta(500000).build(), 12),
                Arguments.of("theta 100, head dim 16, 40 tokens", TestConfigs.builder().vocab(33).hidden(32)
                        .intermediate(40).heads(2).kvHeads(1).ropeTheta(100).maxPositions(64).build(), 40),
                Arguments.of("Llama attention_bias + mlp_bias (q/k/v/o and MLP biases)", TestConfigs.builder()
                        .vocab(40).hidden(32).intermediate(48).heads(4).kvHeads(2).llamaBiases(true).build(), 6),
                Arguments.of("one token, one layer", TestConfigs.builder().vocab(20).hidden(16).intermediate(24)
                        .layers(1).heads(2).kvHeads(2).build(), 1),
                Arguments.of("head dim 12 != D/H, bias, eps 0.05", TestConfigs.builder().vocab(45).hidden(32)
                        .intermediate(40).heads(4).kvHeads(2).headDim(12).qkvBias(true).rmsNormEps(0.05).build(), 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void logitsAndHiddenStatesEqualTheReference(String name, ModelConfig config, int length) {
        ReferenceSpec spec = ReferenceSpec.from(config);
        Map<String, float[]> tensors = RandomCheckpoint.generate(spec, name.hashCode());
        ReferenceLlama reference = new ReferenceLlama(spec, tensors);
        int[][] rows = {
                randomTokens(length, config.vocabSize(), 1),
                randomTokens(length, config.vocabSize(), 2)};
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = RandomCheckpoint.load(config, tensors, root);
             NDManager m = model.newManager()) {
            NDArray tokens = longs(m, rows); // [B, T]
            NDArray positions = longs(m, new int[][] {range(length), range(length)}); // [B, T]
            float[][][] logits;
            float[][][][] hidden;
            float[][][] last;
            try (ForwardOutput out = model.forward(tokens, positions, null, null,
                    ForwardOptions.allLogits().withHiddenStates())) {
                logits = toJava(out.logits()); // [B][T][V]
                assertEquals(config.numHiddenLayers() + 1, out.hiddenStates().size(), "hidden state count");
                hidden = out.hiddenStates().stream().map(Parity::toJava).toArray(float[][][][]::new);
            }
            try (ForwardOutput out = model.forward(tokens, positions, null, null, ForwardOptions.lastLogits())) {
                assertEquals(new Shape(2, 1, config.vocabSize()), out.logits().getShape());
                last = toJava(out.logits()); // [B][1][V]
            }
            for (int b = 0; b < rows.length; b++) {
                ReferenceOutput expected = reference.forward(rows[b]);
                for (int t = 0; t < length; t++) {
                    assertNonTrivial(expected.logits()[t], 0.5, name + " row " + b + " position " + t);
                    assertClose(expected.logits()[t], logits[b][t], LOGIT_TOLERANCE,
                            name + ": logits row " + b + " position " + t);
                    for (int layer = 0; layer <= config.numHiddenLayers(); layer++) {
                        assertClose(expected.hiddenStates().get(layer)[t], hidden[layer][b][t], HIDDEN_TOLERANCE,
                                name + ": hidden state " + layer + " row " + b + " position " + t);
                    }
                }
                assertClose(expected.logits()[length - 1], last[b][0], LOGIT_TOLERANCE,
                        name + ": last logits row " + b);
            }
        }
    }

    @Test
    void leftPaddedRowsEqualTheReferenceOfEachSequenceAlone() {
        ModelConfig config = TestConfigs.builder().vocab(57).hidden(32).intermediate(48).layers(2).heads(4)
                .kvHeads(2).qkvBias(true).build();
        ReferenceSpec spec = ReferenceSpec.from(config);
        Map<String, float[]> tensors = RandomCheckpoint.generate(spec, 99);
        ReferenceLlama reference = new ReferenceLlama(spec, tensors);
        int[][] sequences = {randomTokens(7, 57, 3), randomTokens(3, 57, 4), randomTokens(5, 57, 5)};
        int width = 7;
        int[][] tokens = new int[3][width];
        int[][] positions = new int[3][width];
        float[] validity = new float[3 * width];
        for (int b = 0; b < 3; b++) {
            int pad = width - sequences[b].length;
            for (int j = 0; j < sequences[b].length; j++) {
                tokens[b][pad + j] = sequences[b][j];
                positions[b][pad + j] = j;
                validity[b * width + pad + j] = 1;
            }
        }
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = RandomCheckpoint.load(config, tensors, root);
             NDManager m = model.newManager();
             ForwardOutput out = model.forward(longs(m, tokens), longs(m, positions),
                     m.create(validity, new Shape(3, width)), null, ForwardOptions.allLogits().withHiddenStates())) {
            float[][][] logits = toJava(out.logits());
            float[][][] lastLayer = toJava(out.hiddenStates().get(config.numHiddenLayers()));
            for (int b = 0; b < 3; b++) {
                ReferenceOutput expected = reference.forward(sequences[b]);
                int pad = width - sequences[b].length;
                for (int j = 0; j < sequences[b].length; j++) {
                    assertClose(expected.logits()[j], logits[b][pad + j], LOGIT_TOLERANCE,
                            "row " + b + " token " + j);
                    assertClose(expected.hiddenStates().get(config.numHiddenLayers())[j], lastLayer[b][pad + j],
                            HIDDEN_TOLERANCE, "last hidden state row " + b + " token " + j);
                }
            }
        }
    }

    @Test
    void positionsNotStartingAtZeroEqualTheReference() {
        ModelConfig config = TestConfigs.builder().vocab(30).hidden(32).intermediate(48).heads(4).kvHeads(2)
                .ropeTheta(50).build();
        ReferenceSpec spec = ReferenceSpec.from(config);
        Map<String, float[]> tensors = RandomCheckpoint.generate(spec, 5);
        int[] sequence = randomTokens(6, 30, 6);
        int[] positions = {17, 18, 19, 20, 21, 22};
        ReferenceOutput expected = new ReferenceLlama(spec, tensors).forward(sequence, positions);
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = RandomCheckpoint.load(config, tensors, root);
             NDManager m = model.newManager();
             ForwardOutput out = model.forward(longs(m, new int[][] {sequence}), longs(m, new int[][] {positions}),
                     null, null, ForwardOptions.allLogits())) {
            float[][][] logits = toJava(out.logits());
            for (int t = 0; t < sequence.length; t++) {
                assertClose(expected.logits()[t], logits[0][t], LOGIT_TOLERANCE, "position " + positions[t]);
            }
        }
    }

    @Test
    void llama3ScaledRopeEqualsTheReference() {
        // Head dim 16, theta 10000, original context 32: wavelengths 6.3 (kept), 19.9 (interpolated) and
        // 63 and longer (divided by the factor), so all three Llama-3 bands occur.
        ModelConfig base = TestConfigs.builder().vocab(40).hidden(32).intermediate(48).heads(2).kvHeads(1)
                .maxPositions(128).build();
        Optional<ModelConfig> scaled = TestConfigs.withLlama3RopeScaling(base, 8, 1, 4, 32);
        Assumptions.assumeTrue(scaled.isPresent(), "ModelConfig cannot express Llama-3 rope scaling yet");
        ModelConfig config = scaled.get();
        double[] frequencies = ReferenceRope.llama3InverseFrequencies(10000, 16, 8, 1, 4, 32);
        assertClose(frequencies, RopeFrequencies.inverseFrequencies(config), 1e-6, "Llama-3 inverse frequencies");
        ReferenceSpec spec = ReferenceSpec.from(config).withInverseFrequencies(frequencies);
        Map<String, float[]> tensors = RandomCheckpoint.generate(spec, 31);
        int[] sequence = randomTokens(100, 40, 32);
        ReferenceOutput expected = new ReferenceLlama(spec, tensors).forward(sequence);
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = RandomCheckpoint.load(config, tensors, root);
             NDManager m = model.newManager();
             ForwardOutput out = model.forward(longs(m, new int[][] {sequence}), longs(m, new int[][] {range(100)}),
                     null, null, ForwardOptions.allLogits())) {
            float[][][] logits = toJava(out.logits());
            for (int t = 0; t < sequence.length; t++) {
                assertClose(expected.logits()[t], logits[0][t], LOGIT_TOLERANCE, "position " + t);
            }
        }
    }

    @Test
    void defaultInverseFrequenciesEqualTheReference() {
        for (double theta : new double[] {100, 10000, 500000, 1000000}) {
            for (int headDim : new int[] {8, 16, 64, 128}) {
                ModelConfig config = TestConfigs.builder().hidden(headDim * 2).heads(2).kvHeads(1).ropeTheta(theta)
                        .build();
                assertClose(ReferenceRope.defaultInverseFrequencies(theta, headDim),
                        RopeFrequencies.inverseFrequencies(config), 1e-6, "theta " + theta + " E " + headDim);
            }
        }
    }
}
