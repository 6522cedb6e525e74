package dev.warden.judge.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearHeadsTest {

    private static final FeatureSettings SMALL = new FeatureSettings(10, 3, 5, true);

    @Test
    void logitsEqualTheDotProductWithTheSparseVector() {
        SplittableRandom random = new SplittableRandom(5);
        float[] weights = new float[SMALL.buckets() * LinearHeads.H];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        float[] biases = new float[LinearHeads.H];
        biases[3] = 0.7f;
        LinearHeads heads = LinearHeads.quantize(SMALL, weights, biases, 1.5f);
        String shortText = "Sure! Here's a guide to baking bread:\n1. [STEP REDACTED]";
        // the long text has thousands of occurrences per group, so the packed lanes are flushed many times
        for (String text : new String[] {shortText, shortText.repeat(40), "x"}) {
            assertLogitsMatch(heads, biases, text);
        }
    }

    private static void assertLogitsMatch(LinearHeads heads, float[] biases, String text) {
        float[] logits = new float[LinearHeads.H];
        heads.logits(text, logits);
        SparseVector x = SparseVector.of(new FeatureHasher(SMALL), text);
        byte[] q = heads.weights();
        float[] scales = heads.scales();
        for (int h = 0; h < LinearHeads.H; h++) {
            double expected = biases[h];
            for (int i = 0; i < x.size(); i++) {
                expected += scales[h] * q[x.indices()[i] * LinearHeads.H + h] * x.values()[i];
            }
            assertEquals(expected, logits[h], 1e-3 * Math.max(1, Math.abs(expected)), "head " + h + " of " + text);
        }
    }

    @Test
    void quantizationKeepsWeightsWithinHalfAStep() {
        float[] weights = new float[SMALL.buckets() * LinearHeads.H];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian() * (1 + i % LinearHeads.H);
        }
        LinearHeads heads = LinearHeads.quantize(SMALL, weights, new float[LinearHeads.H], 0f);
        byte[] q = heads.weights();
        float[] scales = heads.scales();
        for (int i = 0; i < weights.length; i++) {
            float scale = scales[i % LinearHeads.H];
            assertTrue(Math.abs(weights[i] - scale * q[i]) <= scale / 2 + 1e-6, "weight " + i);
        }
    }

    @Test
    void contextFeatureIsClampedAndScaled() {
        assertEquals(2f, LinearHeads.contextFeature(100f));
        assertEquals(-2f, LinearHeads.contextFeature(-9f));
        assertEquals(0.5f, LinearHeads.contextFeature(2f));
    }

    @Test
    void rejectsWrongSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> new LinearHeads(SMALL, new byte[5], new float[LinearHeads.H], new float[LinearHeads.H], 0f));
    }
}
