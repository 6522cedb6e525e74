package dev.warden.tools.guard;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains K logistic heads over hashed sparse features in plain Java: per-example AdaGrad on the weighted
 * binary cross-entropy, with L2 on the touched weights, examples visited in a seeded random order each
 * epoch. Single-threaded, so the result is a pure function of the inputs and the seed.
 *
 * <p>Legend: V hash buckets, K heads; weights are {@code [V, K]} row-major by bucket.
 */
public final class SparseTrainer {

    /**
     * Hyper-parameters.
     *
     * @param seed         seed of the example order
     * @param epochs       passes over the data
     * @param learningRate AdaGrad step size
     * @param l2           L2 penalty applied to the weights an example touches
     */
    public record Options(long seed, int epochs, float learningRate, float l2) {
        /** Validates. */
        public Options {
            if (epochs < 1 || !(learningRate > 0) || !(l2 >= 0)) {
                throw new IllegalArgumentException("need epochs >= 1, learning rate > 0, l2 >= 0");
            }
        }
    }

    /**
     * The trained weights.
     *
     * @param weights {@code V * K}, row-major by bucket
     * @param biases  {@code K}
     * @param loss    mean weighted loss of the last epoch
     */
    public record Result(float[] weights, float[] biases, double loss) {
    }

    private SparseTrainer() {
    }

    /**
     * Trains.
     *
     * @param indices per example its bucket indices (strictly increasing)
     * @param values  per example the values of those buckets
     * @param targets per example K targets in {0, 1}
     * @param weights per example K loss weights (>= 0)
     */
    public static Result train(int[][] indices, float[][] values, float[][] targets, float[][] weights, int buckets,
                               int heads, Options options, Consumer<String> log) {
        int n = indices.length;
        float[] w = new float[buckets * heads];
        float[] g2 = new float[buckets * heads];
        float[] b = new float[heads];
        float[] b2 = new float[heads];
        float[] z = new float[heads];
        float[] grad = new float[heads];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        double loss = Double.NaN;
        float lr = options.learningRate();
        float l2 = options.l2();
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double sum = 0;
            double weightSum = 0;
            for (int r : order) {
                int[] idx = indices[r];
                float[] val = values[r];
                float[] y = targets[r];
                float[] m = weights[r];
                System.arraycopy(b, 0, z, 0, heads);
                for (int e = 0; e < idx.length; e++) {
                    int row = idx[e] * heads;
                    float v = val[e];
                    for (int h = 0; h < heads; h++) {
                        z[h] += v * w[row + h];
                    }
                }
                boolean any = false;
                for (int h = 0; h < heads; h++) {
                    if (m[h] == 0f) {
                        grad[h] = 0f;
                        continue;
                    }
                    any = true;
                    float p = sigmoid(z[h]);
                    grad[h] = m[h] * (p - y[h]);
                    sum += m[h] * (y[h] > 0.5f ? softplus(-z[h]) : softplus(z[h]));
                    weightSum += m[h];
                }
                if (!any) {
                    continue;
                }
                for (int h = 0; h < heads; h++) {
                    if (grad[h] != 0f) {
                        b2[h] += grad[h] * grad[h];
                        b[h] -= lr * grad[h] / (float) Math.sqrt(b2[h] + 1e-8f);
                    }
                }
                for (int e = 0; e < idx.length; e++) {
                    int row = idx[e] * heads;
                    float v = val[e];
                    for (int h = 0; h < heads; h++) {
                        float g = grad[h] * v + l2 * w[row + h];
                        if (g == 0f) {
                            continue;
                        }
                        g2[row + h] += g * g;
                        w[row + h] -= lr * g / (float) Math.sqrt(g2[row + h] + 1e-8f);
                    }
                }
            }
            loss = weightSum == 0 ? 0 : sum / weightSum;
            log.accept(String.format("epoch %d/%d: loss %.4f", epoch, options.epochs(), loss));
        }
        return new Result(w, b, loss);
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    private static double softplus(float x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }
}
