package dev.warden.model.config;

/**
 * Rotary-embedding inverse frequencies, as transformers' {@code ROPE_INIT_FUNCTIONS} compute them
 * ({@code modeling_rope_utils.py}) for the RoPE types this library supports:
 * <ul>
 *   <li>none ({@code _compute_default_rope_parameters}): {@code inv_freq[i] = 1 / theta^(2i / head_dim)}
 *       for {@code i = 0 .. head_dim/2 - 1};</li>
 *   <li>{@code linear} ({@code _compute_linear_scaling_rope_parameters}): the default divided by
 *       {@code factor};</li>
 *   <li>{@code llama3} ({@code _compute_llama3_parameters}): with {@code wavelen = 2 pi / inv_freq},
 *       {@code low_freq_wavelen = old_context_len / low_freq_factor} and
 *       {@code high_freq_wavelen = old_context_len / high_freq_factor}: wavelengths above
 *       {@code low_freq_wavelen} are divided by {@code factor}, wavelengths below {@code high_freq_wavelen}
 *       are kept, and in between
 *       {@code smooth = (old_context_len / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)}
 *       gives {@code (1 - smooth) * inv_freq / factor + smooth * inv_freq}.</li>
 * </ul>
 * All three have attention factor 1 (cos and sin are not rescaled). The arithmetic runs in double
 * precision and is rounded to float once at the end; transformers computes in float32, so single values
 * can differ from it in the last bit.
 */
public final class RopeFrequencies {

    private RopeFrequencies() {
    }

    /**
     * The inverse frequencies for {@code config}'s head dimension, RoPE base and scaling.
     *
     * @return {@code head_dim / 2} values, highest frequency first
     */
    public static float[] inverseFrequencies(ModelConfig config) {
        double[] invFreq = defaultInverseFrequencies(config.headDim(), config.ropeTheta());
        RopeScaling scaling = config.ropeScaling();
        if (scaling instanceof RopeScaling.Linear linear) {
            for (int i = 0; i < invFreq.length; i++) {
                invFreq[i] /= linear.factor();
            }
        } else if (scaling instanceof RopeScaling.Llama3 llama3) {
            applyLlama3(invFreq, llama3);
        }
        float[] out = new float[invFreq.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) invFreq[i];
        }
        return out;
    }

    /** {@code 1 / theta^(2i / dim)} for {@code i = 0 .. dim/2 - 1}. */
    static double[] defaultInverseFrequencies(int dim, double theta) {
        double[] invFreq = new double[dim / 2];
        for (int i = 0; i < invFreq.length; i++) {
            invFreq[i] = 1.0 / Math.pow(theta, (2.0 * i) / dim);
        }
        return invFreq;
    }

    private static void applyLlama3(double[] invFreq, RopeScaling.Llama3 s) {
        double oldContextLen = s.originalMaxPositionEmbeddings();
        double lowFreqWavelen = oldContextLen / s.lowFreqFactor();
        double highFreqWavelen = oldContextLen / s.highFreqFactor();
        for (int i = 0; i < invFreq.length; i++) {
            double wavelen = 2 * Math.PI / invFreq[i];
            if (wavelen > lowFreqWavelen) {
                invFreq[i] = invFreq[i] / s.factor();
            } else if (wavelen >= highFreqWavelen) {
                double smooth = (oldContextLen / wavelen - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                invFreq[i] = (1 - smooth) * invFreq[i] / s.factor() + smooth * invFreq[i];
            }
            // wavelen < highFreqWavelen: high frequency, kept as is.
        }
    }
}
