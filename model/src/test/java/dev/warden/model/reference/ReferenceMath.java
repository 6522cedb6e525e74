package dev.warden.model.reference;

/** The elementwise and vector operations of the reference forward pass, in double precision. */
public final class ReferenceMath {

    private ReferenceMath() {
    }

    /** RMSNorm: {@code x / sqrt(mean(x^2) + eps) * w}. */
    public static double[] rmsNorm(double[] x, float[] weight, double eps) {
        double sumSquares = 0;
        for (double v : x) {
            sumSquares += v * v;
        }
        double denominator = Math.sqrt(sumSquares / x.length + eps);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] / denominator * weight[i];
        }
        return out;
    }

    /**
     * A PyTorch {@code nn.Linear}: {@code y[o] = sum_i W[o][i] x[i] + b[o]} with {@code W} stored row-major
     * as [out, in] (Hugging Face layout).
     *
     * @param bias [out] or null
     */
    public static double[] linear(double[] x, float[] weight, float[] bias, int out) {
        int in = x.length;
        if (weight.length != out * in) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected " + out + " x " + in);
        }
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double sum = bias == null ? 0 : bias[o];
            for (int i = 0; i < in; i++) {
                sum += weight[o * in + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    /** SiLU: {@code x * sigmoid(x)}. */
    public static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    /** Softmax of {@code scores}, max-shifted. */
    public static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        double[] p = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            p[i] = Math.exp(scores[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The {@code length} values of {@code x} starting at {@code offset}. */
    public static double[] slice(double[] x, int offset, int length) {
        double[] out = new double[length];
        System.arraycopy(x, offset, out, 0, length);
        return out;
    }

    /** Elementwise sum. */
    public static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
