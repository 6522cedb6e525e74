package dev.warden.model.reference;

import static dev.warden.model.reference.Parity.assertClose;
import static dev.warden.model.reference.Parity.longs;
import static dev.warden.model.reference.Parity.randomTokens;
import static dev.warden.model.reference.Parity.range;
import static dev.warden.model.reference.Parity.toJava;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.WeightNames;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ForwardOptions#hiddenUpTo(int)} runs only the first k layers and returns exactly the first k+1
 * hidden states of a full run (embedding output included), with no logits.
 *
 * <p>Legend: B batch, T tokens, D hidden size, L layers.
 */
class HiddenStatesUpToTest {

    private static final ModelConfig CONFIG = TestConfigs.builder().vocab(37).hidden(32).intermediate(48).layers(4)
            .heads(4).kvHeads(2).qkvBias(true).build();

    @Test
    void hiddenUpToKEqualsTheFirstKPlusOneStatesOfAFullRun() {
        int layers = CONFIG.numHiddenLayers();
        ReferenceSpec spec = ReferenceSpec.from(CONFIG);
        Map<String, float[]> tensors = RandomCheckpoint.generate(spec, 77);
        int[][] rows = {randomTokens(6, 37, 1), randomTokens(6, 37, 2)};
        ReferenceOutput[] expected = {new ReferenceLlama(spec, tensors).forward(rows[0]),
                new ReferenceLlama(spec, tensors).forward(rows[1])};
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = RandomCheckpoint.load(CONFIG, tensors, root);
             NDManager m = model.newManager()) {
            NDArray tokens = longs(m, rows); // [B, T]
            NDArray positions = longs(m, new int[][] {range(6), range(6)}); // [B, T]
            float[][][][] full;
            try (ForwardOutput out = model.forward(tokens, positions, null, null,
                    ForwardOptions.allLogits().withHiddenStates())) {
                full = out.hiddenStates().stream().map(Parity::toJava).toArray(float[][][][]::new);
            }
            assertEquals(layers + 1, full.length);
            for (int k = 0; k <= layers + 2; k++) {
                try (ForwardOutput out = model.forward(tokens, positions, null, null, ForwardOptions.hiddenUpTo(k))) {
                    assertNull(out.logits(), "hiddenUpTo(" + k + ") computes no logits");
                    int count = Math.min(k, layers) + 1;
                    assertEquals(count, out.hiddenStates().size(), "states for hiddenUpTo(" + k + ")");
                    for (int i = 0; i < count; i++) {
                        assertEquals(new Shape(2, 6, 32), out.hiddenStates().get(i).getShape());
                        float[][][] got = toJava(out.hiddenStates().get(i));
                        for (int b = 0; b < 2; b++) {
                            for (int t = 0; t < 6; t++) {
                                assertArrayEquals(full[i][b][t], got[b][t], 1e-6f,
                                        "hiddenUpTo(" + k + ") state " + i + " row " + b + " token " + t);
                                assertClose(expected[b].hiddenStates().get(i)[t], got[b][t], 1e-4,
                                        "reference state " + i + " row " + b + " token " + t);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void stateZeroIsTheEmbeddingRowAndFewerLayersMeanNoLogits() {
        ReferenceSpec spec = ReferenceSpec.from(CONFIG);
        Map<String, float[]> tensors = RandomCheckpoint.generate(spec, 78);
        int[] sequence = {3, 0, 36, 3};
        float[] embed = tensors.get(WeightNames.EMBED);
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = RandomCheckpoint.load(CONFIG, tensors, root);
             NDManager m = model.newManager();
             ForwardOutput out = model.forward(longs(m, new int[][] {sequence}), longs(m, new int[][] {range(4)}),
                     null, null, new ForwardOptions(ForwardOptions.Logits.ALL, true, 2))) {
            assertNull(out.logits(), "a partial run skips the final norm and LM head");
            assertEquals(3, out.hiddenStates().size());
            float[][][] state0 = toJava(out.hiddenStates().get(0));
            for (int t = 0; t < sequence.length; t++) {
                float[] row = new float[32];
                System.arraycopy(embed, sequence[t] * 32, row, 0, 32);
                assertArrayEquals(row, state0[0][t], 0f, "embedding of token " + sequence[t]);
            }
        }
    }
}
