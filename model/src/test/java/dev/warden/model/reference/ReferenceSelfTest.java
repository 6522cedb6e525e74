package dev.warden.model.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.model.llama.WeightNames;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks of the reference itself against hand arithmetic and known properties, so that agreement with
 * it means something: RMSNorm and SiLU values, rotary invariants, the Llama-3 frequency bands, the
 * {@code repeat_kv} head mapping, causality and tied embeddings.
 */
class ReferenceSelfTest {

    private static final ReferenceSpec GQA = new ReferenceSpec(23, 16, 24, 2, 4, 2, 4, 1e-5, false, true, false,
            ReferenceRope.defaultInverseFrequencies(10000, 4));

    @Test
    void rmsNormAndSiluMatchHandArithmetic() {
        // mean(9, 16) = 12.5; sqrt(12.5 + 0.5) = sqrt(13)
        double[] normed = ReferenceMath.rmsNorm(new double[] {3, 4}, new float[] {1, 2}, 0.5);
        assertArrayEquals(new double[] {3 / Math.sqrt(13), 8 / Math.sqrt(13)}, normed, 1e-12);
        assertEquals(0, ReferenceMath.silu(0), 0);
        assertEquals(2 / (1 + Math.exp(-2)), ReferenceMath.silu(2), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, ReferenceMath.softmax(new double[] {1000, 1000}), 1e-12);
        // y = W x + b with W = [[1, 2], [3, 4], [5, 6]] stored [out, in]
        assertArrayEquals(new double[] {1 + 4 + 0.5, 3 + 8 - 1, 5 + 12},
                ReferenceMath.linear(new double[] {1, 2}, new float[] {1, 2, 3, 4, 5, 6}, new float[] {0.5f, -1, 0}, 3),
                1e-12);
    }

    @Test
    void ropeRotatesPairsOfHalvesAndDependsOnlyOnRelativePosition() {
        double[] inv = ReferenceRope.defaultInverseFrequencies(10000, 8);
        assertArrayEquals(new double[] {1, Math.pow(10000, -0.25), Math.pow(10000, -0.5), Math.pow(10000, -0.75)},
                inv, 1e-15);
        double[] x = {0.3, -1.2, 0.7, 2.0, -0.4, 0.9, 1.1, -0.6};
        assertArrayEquals(x, ReferenceRope.apply(x, 0, inv), 0, "position 0 is the identity");
        // Frequency 0 is 1 rad per position: the pair (x[0], x[4]) rotates by 3 rad at position 3.
        double[] at3 = ReferenceRope.apply(x, 3, inv);
        assertEquals(x[0] * Math.cos(3) - x[4] * Math.sin(3), at3[0], 1e-12);
        assertEquals(x[4] * Math.cos(3) + x[0] * Math.sin(3), at3[4], 1e-12);
        assertEquals(norm(x), norm(at3), 1e-12, "a rotation keeps the norm");
        double[] y = {1.0, 0.2, -0.3, 0.8, 0.5, -1.5, 0.4, 0.1};
        double d1 = dot(ReferenceRope.apply(x, 9, inv), ReferenceRope.apply(y, 4, inv));
        double d2 = dot(ReferenceRope.apply(x, 25, inv), ReferenceRope.apply(y, 20, inv));
        assertEquals(d1, d2, 1e-12, "q.k depends on the offset only");
    }

    @Test
    void llama3FrequenciesKeepHighDivideLowAndInterpolateBetween() {
        // Llama 3.1: theta 500000, E 128, factor 8, low 1, high 4, original context 8192.
        double[] plain = ReferenceRope.defaultInverseFrequencies(500000, 128);
        double[] scaled = ReferenceRope.llama3InverseFrequencies(500000, 128, 8, 1, 4, 8192);
        int kept = 0;
        int divided = 0;
        int between = 0;
        for (int i = 0; i < plain.length; i++) {
            double wavelength = 2 * Math.PI / plain[i];
            if (wavelength < 8192 / 4.0) {
                assertEquals(plain[i], scaled[i], 0, "high frequency " + i + " kept");
                kept++;
            } else if (wavelength > 8192) {
                assertEquals(plain[i] / 8, scaled[i], 0, "low frequency " + i + " divided");
                divided++;
            } else {
                double smooth = (8192 / wavelength - 1) / 3;
                assertEquals((1 - smooth) * plain[i] / 8 + smooth * plain[i], scaled[i], 1e-18);
                assertTrue(scaled[i] < plain[i] && scaled[i] > plain[i] / 8, "medium frequency " + i);
                between++;
            }
            if (i > 0) {
                assertTrue(scaled[i] < scaled[i - 1], "frequencies stay decreasing at " + i);
            }
        }
        assertTrue(kept > 0 && divided > 0 && between > 0, kept + " kept, " + divided + " divided, " + between);
    }

    @Test
    void groupedQueryAttentionEqualsMultiHeadWithRepeatedKvHeads() {
        Map<String, float[]> gqa = RandomCheckpoint.generate(GQA, 1);
        ReferenceSpec mhaSpec = GQA.withKvHeads(GQA.heads());
        Map<String, float[]> mha = new HashMap<>(gqa);
        int e = GQA.headDim();
        int repeat = GQA.heads() / GQA.kvHeads();
        for (int layer = 0; layer < GQA.layers(); layer++) {
            for (String p : new String[] {"k_proj", "v_proj"}) {
                String weight = WeightNames.layer(layer, "self_attn." + p + ".weight");
                String bias = WeightNames.layer(layer, "self_attn." + p + ".bias");
                mha.put(weight, repeatHeads(gqa.get(weight), e * GQA.hiddenSize(), repeat));
                mha.put(bias, repeatHeads(gqa.get(bias), e, repeat));
            }
        }
        int[] tokens = {4, 19, 0, 7, 7, 22};
        double[][] expected = new ReferenceLlama(mhaSpec, mha).forward(tokens).logits();
        double[][] got = new ReferenceLlama(GQA, gqa).forward(tokens).logits();
        for (int t = 0; t < tokens.length; t++) {
            assertArrayEquals(expected[t], got[t], 1e-12, "token " + t);
        }
    }

    @Test
    void laterTokensDoNotChangeEarlierOutputs() {
        ReferenceLlama reference = new ReferenceLlama(GQA, RandomCheckpoint.generate(GQA, 2));
        double[][] a = reference.forward(new int[] {1, 2, 3, 4, 5}).logits();
        double[][] b = reference.forward(new int[] {1, 2, 3, 9, 11}).logits();
        for (int t = 0; t < 3; t++) {
            assertArrayEquals(a[t], b[t], 0, "token " + t);
        }
        assertTrue(Math.abs(a[3][0] - b[3][0]) > 1e-6, "a changed token changes its own logits");
    }

    @Test
    void tiedEmbeddingsEqualAnUntiedHeadCopyingTheTable() {
        ReferenceSpec tied = GQA.withTiedEmbeddings(true);
        Map<String, float[]> weights = RandomCheckpoint.generate(tied, 3);
        Map<String, float[]> untied = new HashMap<>(weights);
        untied.put(WeightNames.LM_HEAD, weights.get(WeightNames.EMBED).clone());
        int[] tokens = {0, 22, 5};
        double[][] expected = new ReferenceLlama(GQA, untied).forward(tokens).logits();
        double[][] got = new ReferenceLlama(tied, weights).forward(tokens).logits();
        for (int t = 0; t < tokens.length; t++) {
            assertArrayEquals(expected[t], got[t], 0, "token " + t);
        }
    }

    @Test
    void withZeroAttentionAndMlpTheLogitsAreTheNormedEmbeddingTimesTheHead() {
        ReferenceSpec spec = new ReferenceSpec(3, 2, 2, 1, 1, 1, 2, 0, false, false, false,
                ReferenceRope.defaultInverseFrequencies(10000, 2));
        Map<String, float[]> w = RandomCheckpoint.generate(spec, 4);
        w.put(WeightNames.EMBED, new float[] {3, 4, 1, 0, 0, -2});
        w.put(WeightNames.layer(0, "self_attn.o_proj.weight"), new float[4]);
        w.put(WeightNames.layer(0, "mlp.down_proj.weight"), new float[4]);
        w.put(WeightNames.FINAL_NORM, new float[] {1, 0.5f});
        w.put(WeightNames.LM_HEAD, new float[] {1, 0, 0, 1, 1, 1});
        // token 0: embedding (3, 4), rms sqrt(12.5), normed (3, 4)/sqrt(12.5) * (1, 0.5) = (0.8485, 0.5657)
        double[] logits = new ReferenceLlama(spec, w).forward(new int[] {0}).logits()[0];
        double r = Math.sqrt(12.5);
        assertArrayEquals(new double[] {3 / r, 2 / r, 5 / r}, logits, 1e-12);
    }

    /** [G*n, ...] rows grouped per head -> [G*repeat*n]: each head's block repeated {@code repeat} times. */
    private static float[] repeatHeads(float[] values, int block, int repeat) {
        int heads = values.length / block;
        float[] out = new float[values.length * repeat];
        for (int g = 0; g < heads; g++) {
            for (int r = 0; r < repeat; r++) {
                System.arraycopy(values, g * block, out, (g * repeat + r) * block, block);
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
