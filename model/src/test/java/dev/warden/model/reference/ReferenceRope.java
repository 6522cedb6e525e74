package dev.warden.model.reference;

/**
 * Rotary position embedding as Hugging Face {@code modeling_llama.py} and {@code modeling_rope_utils.py}
 * define it, in double precision: {@code inv_freq[i] = 1 / theta^(2i/E)}, angles {@code p * inv_freq},
 * {@code cos = cat(cos(angles), cos(angles))} (same for sin) and
 * {@code rope(x) = x * cos + rotate_half(x) * sin} with {@code rotate_half(x) = cat(-x2, x1)}.
 *
 * <p>Legend: E head dim, i frequency index in [0, E/2).
 */
public final class ReferenceRope {

    private ReferenceRope() {
    }

    /** HF {@code _compute_default_rope_parameters}: {@code 1 / theta^(2i / E)} for i in [0, E/2). */
    public static double[] defaultInverseFrequencies(double theta, int headDim) {
        double[] inv = new double[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / Math.pow(theta, (double) (2 * i) / headDim);
        }
        return inv;
    }

    /**
     * HF {@code _compute_llama3_parameters}: frequencies whose wavelength is shorter than
     * {@code original / highFreqFactor} are kept, those longer than {@code original / lowFreqFactor} are
     * divided by {@code factor}, and those in between are interpolated with
     * {@code smooth = (original / wavelength - low) / (high - low)}.
     */
    public static double[] llama3InverseFrequencies(double theta, int headDim, double factor, double lowFreqFactor,
                                                    double highFreqFactor, int originalMaxPositions) {
        double[] inv = defaultInverseFrequencies(theta, headDim);
        double lowFreqWavelen = originalMaxPositions / lowFreqFactor;
        double highFreqWavelen = originalMaxPositions / highFreqFactor;
        double[] scaled = new double[inv.length];
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen < highFreqWavelen) {
                scaled[i] = inv[i];
            } else if (wavelen > lowFreqWavelen) {
                scaled[i] = inv[i] / factor;
            } else {
                double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                scaled[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
            }
        }
        return scaled;
    }

    /** The E-long cos and sin vectors of {@code position}: {cat(cos(p f), cos(p f)), cat(sin(p f), sin(p f))}. */
    public static double[][] cosSin(int position, double[] inverseFrequencies) {
        int half = inverseFrequencies.length;
        double[] cos = new double[2 * half];
        double[] sin = new double[2 * half];
        for (int i = 0; i < half; i++) {
            double angle = position * inverseFrequencies[i];
            cos[i] = Math.cos(angle);
            cos[i + half] = Math.cos(angle);
            sin[i] = Math.sin(angle);
            sin[i + half] = Math.sin(angle);
        }
        return new double[][] {cos, sin};
    }

    /** {@code cat(-x2, x1)} where x1, x2 are the first and second halves of {@code x}. */
    public static double[] rotateHalf(double[] x) {
        int half = x.length / 2;
        double[] out = new double[x.length];
        for (int i = 0; i < half; i++) {
            out[i] = -x[half + i];
            out[half + i] = x[i];
        }
        return out;
    }

    /** {@code x * cos + rotate_half(x) * sin} for one head vector {@code x} [E] at {@code position}. */
    public static double[] apply(double[] x, int position, double[] inverseFrequencies) {
        double[][] cs = cosSin(position, inverseFrequencies);
        double[] rotated = rotateHalf(x);
        double[] out = new double[x.length];
        for (int e = 0; e < x.length; e++) {
            out[e] = x[e] * cs[0][e] + rotated[e] * cs[1][e];
        }
        return out;
    }
}
