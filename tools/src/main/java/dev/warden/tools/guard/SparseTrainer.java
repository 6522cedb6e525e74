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
     * @param average      how many last epochs are averaged (Polyak averaging: the result is the mean of the weights
     *                     after every step of those epochs; 0: the last weights)
     * @param orders       how many example orders are trained (seeds {@code seed}, {@code seed + 1}, ...), the
     *                     result being the mean of their weights (1: one run)
     */
    public record Options(long seed, int epochs, float learningRate, float l2, int average, int orders) {
        /** Validates. */
        public Options {
            if (epochs < 1 || !(learningRate > 0) || !(l2 >= 0) || average < 0 || average > epochs || orders < 1) {
                throw new IllegalArgumentException("need epochs >= 1, learning rate > 0, l2 >= 0,"
                        + " 0 <= averaged epochs <= epochs, orders >= 1");
            }
        }

        /** One order, no averaging. */
        public Options(long seed, int epochs, float learningRate, float l2) {
            this(seed, epochs, learningRate, l2, 0, 1);
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
        Result sum = null;
        double loss = 0;
        for (int k = 0; k < options.orders(); k++) {
            if (options.orders() > 1) {
                log.accept(String.format("order %d/%d (seed %d)", k + 1, options.orders(), options.seed() + k));
            }
            Result r = trainOnce(indices, values, targets, weights, buckets, heads, options.seed() + k, options, log);
            loss += r.loss() / options.orders();
            if (sum == null) {
                sum = r;
                continue;
            }
            for (int i = 0; i < r.weights().length; i++) {
                sum.weights()[i] += r.weights()[i];
            }
            for (int h = 0; h < heads; h++) {
                sum.biases()[h] += r.biases()[h];
            }
        }
        if (options.orders() > 1) {
            float inverse = 1f / options.orders();
            for (int i = 0; i < sum.weights().length; i++) {
                sum.weights()[i] *= inverse;
            }
            for (int h = 0; h < heads; h++) {
                sum.biases()[h] *= inverse;
            }
        }
        return new Result(sum.weights(), sum.biases(), loss);
    }

    private static Result trainOnce(int[][] indices, float[][] values, float[][] targets, float[][] weights,
                                    int buckets, int heads, long seed, Options options, Consumer<String> log) {
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
        SplittableRandom random = new SplittableRandom(seed);
        double loss = Double.NaN;
        float lr = options.learningRate();
        float l2 = options.l2();
        int firstAveraged = options.average() == 0 ? Integer.MAX_VALUE : options.epochs() - options.average() + 1;
        // averaging, lazily: with s counting the averaged steps from 1, u accumulates (s - 1) * each change, and the
        // mean of the weights after steps 1..S is w_S - u / S (the same for the biases)
        float[] u = options.average() == 0 ? null : new float[buckets * heads];
        float[] ub = new float[heads];
        long step = 0;
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            boolean averaging = epoch >= firstAveraged;
            shuffle(order, random);
            double sum = 0;
            double weightSum = 0;
            for (int r : order) {
                int[] idx = indices[r];
                float[] val = values[r];
                float[] y = targets[r];
                float[] m = weights[r];
                System.arraycopy(b, 0, z, 0, heads);
                addRows(idx, val, w, heads, z);
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
                if (averaging) {
                    step++;
                }
                if (!any) {
                    continue;
                }
                float age = averaging ? step - 1 : 0f;
                for (int h = 0; h < heads; h++) {
                    if (grad[h] != 0f) {
                        b2[h] += grad[h] * grad[h];
                        float d = lr * grad[h] / (float) Math.sqrt(b2[h] + 1e-8f);
                        b[h] -= d;
                        ub[h] -= age * d;
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
                        float d = lr * g / (float) Math.sqrt(g2[row + h] + 1e-8f);
                        w[row + h] -= d;
                        if (age != 0f) {
                            u[row + h] -= age * d;
                        }
                    }
                }
            }
            loss = weightSum == 0 ? 0 : sum / weightSum;
            log.accept(String.format("epoch %d/%d: loss %.4f", epoch, options.epochs(), loss));
        }
        if (u != null && step > 0) {
            for (int i = 0; i < w.length; i++) {
                w[i] -= u[i] / step;
            }
            for (int h = 0; h < heads; h++) {
                b[h] -= ub[h] / step;
            }
        }
        return new Result(w, b, loss);
    }

    /**
     * {@code out[j] += sum over e of val[e] * table[idx[e] * width + j]}: a sparse example's rows of {@code table}
     * (rows of {@code width}), weighted, added into {@code out} [width].
     */
    static void addRows(int[] idx, float[] val, float[] table, int width, float[] out) {
        for (int e = 0; e < idx.length; e++) {
            int row = idx[e] * width;
            float v = val[e];
            for (int j = 0; j < width; j++) {
                out[j] += v * table[row + j];
            }
        }
    }

    /** Fisher-Yates shuffle of {@code order} in place with {@code random} (each epoch's example order). */
    static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

        static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    static double softplus(float x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }
}
