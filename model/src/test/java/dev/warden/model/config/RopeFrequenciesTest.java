package dev.warden.model.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RopeFrequenciesTest {

    /** head_dim 8 with theta 10000 gives the powers of ten: 10000^(-2i/8) = 10^-i. */
    private static ModelConfig.Builder headDim8() {
        return ModelConfig.builder().vocabSize(10).hiddenSize(16).intermediateSize(32).numHiddenLayers(1)
                .numAttentionHeads(2).maxPositionEmbeddings(4096).rmsNormEps(1e-6).ropeTheta(10000);
    }

    @Test
    void defaultFrequenciesArePowersOfTheBase() {
        float[] f = RopeFrequencies.inverseFrequencies(headDim8().build());
        assertArrayEquals(new float[] {1f, 0.1f, 0.01f, 0.001f}, f);
    }

    @Test
    void lengthIsHalfTheHeadDim() {
        ModelConfig c = headDim8().hiddenSize(64).numAttentionHeads(2).build();
        assertEquals(16, RopeFrequencies.inverseFrequencies(c).length);
    }

    @Test
    void baseTwoHundredFiftySixWithHeadDimFour() {
        // 256^(-0/4) = 1, 256^(-2/4) = 1/16.
        ModelConfig c = headDim8().hiddenSize(8).ropeTheta(256).build();
        assertArrayEquals(new float[] {1f, 0.0625f}, RopeFrequencies.inverseFrequencies(c));
    }

    @Test
    void linearScalingDividesEveryFrequency() {
        ModelConfig c = headDim8().ropeScaling(new RopeScaling.Linear(4)).build();
        assertArrayEquals(new float[] {0.25f, 0.025f, 0.0025f, 0.00025f}, RopeFrequencies.inverseFrequencies(c));
    }

    @Test
    void llama3ScalingKeepsHighDividesLowAndSmoothsTheMiddle() {
        // old context 1000, low_freq_factor 1, high_freq_factor 4: low_freq_wavelen 1000,
        // high_freq_wavelen 250. Wavelengths 2*pi*10^i = 6.28, 62.8, 628.3, 6283.2.
        ModelConfig c = headDim8().ropeScaling(new RopeScaling.Llama3(8, 1, 4, 1000)).build();
        float[] f = RopeFrequencies.inverseFrequencies(c);
        assertEquals(1f, f[0], "6.28 < 250: kept");
        assertEquals(0.1f, f[1], "62.8 < 250: kept");
        // 250 <= 628.3 <= 1000: smooth = (1000 / (200 pi) - 1) / (4 - 1) = 0.19718...
        double smooth = (1000 / (200 * Math.PI) - 1) / 3;
        assertEquals(0.197183, smooth, 1e-6);
        double middle = (1 - smooth) * 0.01 / 8 + smooth * 0.01;
        assertEquals(0.00297535, middle, 1e-8);
        assertEquals((float) middle, f[2]);
        assertEquals(0.000125f, f[3], "6283 > 1000: divided by the factor 8");
    }

    @Test
    void llama31ParametersSplitTheSpectrumAtTheDocumentedWavelengths() {
        // Llama 3.1 8B: head_dim 128, theta 500000, factor 8, low 1, high 4, original context 8192.
        ModelConfig c = ModelConfig.builder().vocabSize(10).hiddenSize(4096).intermediateSize(32)
                .numHiddenLayers(1).numAttentionHeads(32).numKeyValueHeads(8).maxPositionEmbeddings(131072)
                .rmsNormEps(1e-5).ropeTheta(500000).ropeScaling(new RopeScaling.Llama3(8, 1, 4, 8192)).build();
        float[] scaled = RopeFrequencies.inverseFrequencies(c);
        double[] plain = RopeFrequencies.defaultInverseFrequencies(128, 500000);
        assertEquals(64, scaled.length);
        int kept = 0;
        int divided = 0;
        int smoothed = 0;
        for (int i = 0; i < 64; i++) {
            double wavelen = 2 * Math.PI / plain[i];
            if (wavelen < 2048) {
                assertEquals((float) plain[i], scaled[i]);
                kept++;
            } else if (wavelen > 8192) {
                assertEquals((float) (plain[i] / 8), scaled[i]);
                divided++;
            } else {
                assertTrue(scaled[i] < plain[i] && scaled[i] > plain[i] / 8, "smoothed value in between");
                smoothed++;
            }
            if (i > 0) {
                assertTrue(scaled[i] < scaled[i - 1], "frequencies decrease");
            }
        }
        assertEquals(64, kept + divided + smoothed);
        assertTrue(kept > 0 && divided > 0 && smoothed > 0, kept + " " + smoothed + " " + divided);
        assertEquals(1f, scaled[0]);
    }
}
