package dev.warden.model.config;

/** TEMPORARY stub. */
public final class RopeFrequencies {
    private RopeFrequencies() {}
    public static float[] inverseFrequencies(ModelConfig c) {
        int half = c.headDim() / 2;
        float[] f = new float[half];
        for (int i = 0; i < half; i++) {
            f[i] = (float) (1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / c.headDim()));
        }
        return f;
    }
}
