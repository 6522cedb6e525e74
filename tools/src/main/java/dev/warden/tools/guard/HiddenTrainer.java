package dev.warden.tools.guard;

import dev.warden.guard.learned.HiddenLayer;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a hidden-layer guard model (fastText style; {@link dev.warden.guard.learned.GuardModel}, "Hidden layer") in
 * plain Java: per example, the text's summed embedding {@code s = sum_e v_e E[idx_e]} [H], {@code h = ReLU(s + b1)},
 * {@code z = W2 h + b2} [K], weighted binary cross-entropy per head as {@link SparseTrainer}'s, backpropagated with
 * per-parameter AdaGrad; only the embedding rows the example touches are updated (sparse), with L2 on the entries
 * that get a gradient. Examples are visited in a seeded random order each epoch; single-threaded, so the result is a
 * pure function of the inputs and the seed.
 *
 * <p>Init (seeded by {@code seed}, the same for every order): rows uniform in +-s/H ({@code s} = the layout's init
 * scale; 1 is fastText's), W2 uniform in +-sqrt(6 / (H + K)) (Glorot), biases 0. With {@code orders} > 1 each order
 * starts from that same init and the parameters are averaged (the orders differ only in the example order, so they
 * stay comparable unit by unit). Rows that no example touched are zeroed at the end: their init is noise, and a
 * linear model's untouched buckets are 0.
 *
 * <p>Members ({@link Layout#members()} M > 1): M models of H/M units each are trained from M different inits (seeds
 * {@code seed + 1000 m}) and joined into one model of H units whose logits are exactly the mean of theirs: rows and
 * b1 side by side, W2 {@code [K, H] = [W2_1 | ... | W2_M] / M}, b2 the mean. Averaging in logit space is what removes
 * an initialisation's luck (parameter averaging cannot: the units of two inits do not correspond), and it costs the
 * scorer nothing: an H-wide row sum either way.
 *
 * <p>Legend: V hash buckets, H hidden units, K heads; rows are {@code [V, H]} row-major by bucket, W2 {@code [K, H]}.
 */
public final class HiddenTrainer {

    /**
     * The trained parameters.
     *
     * @param rows  {@code V * H} embedding rows, row-major by bucket
     * @param layer b1, W2 and b2
     * @param loss  mean weighted loss of the last epoch (averaged over the orders)
     */
    public record Result(float[] rows, HiddenLayer layer, double loss) {
    }

    /**
     * The shape of a hidden-layer model.
     *
     * @param units     H, the hidden units of the served model (0: a linear model, no hidden layer)
     * @param members   M, independently initialised models of H/M units whose logits are averaged (1: one model)
     * @param initScale s, the embedding rows' init half-width times H (1: fastText's +-1/H)
     */
    public record Layout(int units, int members, float initScale) {
        /** No hidden layer: the linear model. */
        public static final Layout NONE = new Layout(0, 1, 1f);

        /** Validates. */
        public Layout {
            if (units < 0 || members < 1 || !(initScale > 0) || (units > 0 && units % members != 0)) {
                throw new IllegalArgumentException("need units >= 0, members >= 1 dividing the units and an init scale"
                        + " > 0; got " + units + " units, " + members + " members, init scale " + initScale);
            }
        }

        /** H units, one member, fastText's init. */
        public static Layout of(int units) {
            return new Layout(units, 1, 1f);
        }
    }

    private HiddenTrainer() {
    }

    /**
     * Trains (inputs as {@link SparseTrainer#train}); {@code options.average()} must be 0.
     *
     * @param layout H units in M members, and the init scale
     */
    public static Result train(int[][] indices, float[][] values, float[][] targets, float[][] weights, int buckets,
                               int heads, Layout layout, SparseTrainer.Options options, Consumer<String> log) {
        if (options.average() != 0) {
            throw new IllegalArgumentException("a hidden-layer model averages no epochs (--average is for the linear one)");
        }
        if (layout.units() < 1) {
            throw new IllegalArgumentException("need at least one hidden unit, got " + layout.units());
        }
        int m = layout.members();
        int width = layout.units() / m;
        Result[] members = new Result[m];
        for (int i = 0; i < m; i++) {
            if (m > 1) {
                log.accept(String.format("member %d/%d (%d units, init seed %d)", i + 1, m, width,
                        options.seed() + 1000L * i));
            }
            members[i] = trainOne(indices, values, targets, weights, buckets, heads, width, layout.initScale(),
                    options.seed() + 1000L * i, options, log);
        }
        return m == 1 ? members[0] : join(members, buckets, heads, width);
    }

    /** Joins M members of {@code width} units into one model whose logits are the mean of theirs. */
    private static Result join(Result[] members, int buckets, int heads, int width) {
        int m = members.length;
        int hw = m * width;
        float[] rows = new float[buckets * hw];
        float[] b1 = new float[hw];
        float[] w2 = new float[heads * hw];
        float[] b2 = new float[heads];
        double loss = 0;
        for (int i = 0; i < m; i++) {
            Result r = members[i];
            for (int v = 0; v < buckets; v++) {
                System.arraycopy(r.rows(), v * width, rows, v * hw + i * width, width);
            }
            System.arraycopy(r.layer().b1(), 0, b1, i * width, width);
            for (int k = 0; k < heads; k++) {
                for (int j = 0; j < width; j++) {
                    w2[k * hw + i * width + j] = r.layer().w2()[k * width + j] / m;
                }
                b2[k] += r.layer().b2()[k] / m;
            }
            loss += r.loss() / m;
        }
        return new Result(rows, new HiddenLayer(b1, w2, b2), loss);
    }

    /** One member: {@code options.orders()} orders from the init of {@code initSeed}, parameters averaged. */
    private static Result trainOne(int[][] indices, float[][] values, float[][] targets, float[][] weights,
                                   int buckets, int heads, int hidden, float initScale, long initSeed,
                                   SparseTrainer.Options options, Consumer<String> log) {
        Params sum = null;
        double loss = 0;
        boolean[] touched = new boolean[buckets];
        for (int k = 0; k < options.orders(); k++) {
            if (options.orders() > 1) {
                log.accept(String.format("order %d/%d (seed %d)", k + 1, options.orders(), initSeed + k));
            }
            Params p = Params.init(buckets, heads, hidden, initSeed, initScale);
            loss += p.fit(indices, values, targets, weights, initSeed + k, options, touched, log)
                    / options.orders();
            if (sum == null) {
                sum = p;
            } else {
                sum.add(p);
            }
        }
        sum.scale(1f / options.orders());
        for (int v = 0; v < buckets; v++) {
            if (!touched[v]) {
                java.util.Arrays.fill(sum.rows, v * hidden, (v + 1) * hidden, 0f);
            }
        }
        return new Result(sum.rows, new HiddenLayer(sum.b1, sum.w2, sum.b2), loss);
    }

    /** The parameters of one order and their AdaGrad accumulators. */
    private static final class Params {
        final int hw;
        final int heads;
        final float[] rows;
        final float[] b1;
        final float[] w2;
        final float[] b2;
        final float[] gRows;
        final float[] gB1;
        final float[] gW2;
        final float[] gB2;

        private Params(int buckets, int heads, int hw) {
            this.hw = hw;
            this.heads = heads;
            rows = new float[buckets * hw];
            b1 = new float[hw];
            w2 = new float[heads * hw];
            b2 = new float[heads];
            gRows = new float[rows.length];
            gB1 = new float[hw];
            gW2 = new float[w2.length];
            gB2 = new float[heads];
        }

        static Params init(int buckets, int heads, int hw, long seed, float initScale) {
            Params p = new Params(buckets, heads, hw);
            SplittableRandom random = new SplittableRandom(seed ^ 0x48494444454EL); // "HIDDEN": not the order's stream
            double a = initScale / hw;
            for (int i = 0; i < p.rows.length; i++) {
                p.rows[i] = (float) ((2 * random.nextDouble() - 1) * a);
            }
            double b = Math.sqrt(6.0 / (hw + heads));
            for (int i = 0; i < p.w2.length; i++) {
                p.w2[i] = (float) ((2 * random.nextDouble() - 1) * b);
            }
            return p;
        }

        void add(Params o) {
            addInto(rows, o.rows);
            addInto(b1, o.b1);
            addInto(w2, o.w2);
            addInto(b2, o.b2);
        }

        void scale(float f) {
            for (float[] a : new float[][] {rows, b1, w2, b2}) {
                for (int i = 0; i < a.length; i++) {
                    a[i] *= f;
                }
            }
        }

        private static void addInto(float[] a, float[] b) {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
        }

        /** Trains in the order of {@code orderSeed}; marks the buckets of trained examples; the last epoch's loss. */
        double fit(int[][] indices, float[][] values, float[][] targets, float[][] weights, long orderSeed,
                   SparseTrainer.Options options, boolean[] touched, Consumer<String> log) {
            int n = indices.length;
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            SplittableRandom random = new SplittableRandom(orderSeed);
            float lr = options.learningRate();
            float l2 = options.l2();
            float[] pre = new float[hw];
            float[] h = new float[hw];
            float[] dh = new float[hw];
            float[] grad = new float[heads];
            double loss = Double.NaN;
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                SparseTrainer.shuffle(order, random);
                double sum = 0;
                double weightSum = 0;
                for (int r : order) {
                    int[] idx = indices[r];
                    float[] val = values[r];
                    float[] y = targets[r];
                    float[] m = weights[r];
                    // forward: pre [H] = b1 + sum_e v_e rows[idx_e]; h = ReLU(pre); z [K] = W2 h + b2
                    System.arraycopy(b1, 0, pre, 0, hw);
                    SparseTrainer.addRows(idx, val, rows, hw, pre);
                    for (int j = 0; j < hw; j++) {
                        h[j] = Math.max(0f, pre[j]);
                    }
                    boolean any = false;
                    for (int k = 0; k < heads; k++) {
                        if (m[k] == 0f) {
                            grad[k] = 0f;
                            continue;
                        }
                        any = true;
                        float z = b2[k];
                        for (int j = 0; j < hw; j++) {
                            z += w2[k * hw + j] * h[j];
                        }
                        grad[k] = m[k] * (SparseTrainer.sigmoid(z) - y[k]);
                        sum += m[k] * (y[k] > 0.5f ? SparseTrainer.softplus(-z) : SparseTrainer.softplus(z));
                        weightSum += m[k];
                    }
                    if (!any) {
                        continue;
                    }
                    // backward: dh [H] = (W2^T grad) where pre > 0, before W2 moves
                    for (int j = 0; j < hw; j++) {
                        float d = 0f;
                        if (pre[j] > 0f) {
                            for (int k = 0; k < heads; k++) {
                                d += grad[k] * w2[k * hw + j];
                            }
                        }
                        dh[j] = d;
                    }
                    for (int k = 0; k < heads; k++) {
                        if (grad[k] == 0f) {
                            continue;
                        }
                        b2[k] -= step(gB2, k, grad[k], lr);
                        for (int j = 0; j < hw; j++) {
                            int at = k * hw + j;
                            float g = grad[k] * h[j] + l2 * w2[at];
                            if (g != 0f) {
                                w2[at] -= step(gW2, at, g, lr);
                            }
                        }
                    }
                    for (int j = 0; j < hw; j++) {
                        if (dh[j] != 0f) {
                            b1[j] -= step(gB1, j, dh[j], lr);
                        }
                    }
                    for (int e = 0; e < idx.length; e++) {
                        int row = idx[e] * hw;
                        float v = val[e];
                        touched[idx[e]] = true;
                        for (int j = 0; j < hw; j++) {
                            if (dh[j] == 0f) {
                                continue; // an inactive unit: no gradient, and no L2 step on its own
                            }
                            float g = dh[j] * v + l2 * rows[row + j];
                            rows[row + j] -= step(gRows, row + j, g, lr);
                        }
                    }
                }
                loss = weightSum == 0 ? 0 : sum / weightSum;
                log.accept(String.format("epoch %d/%d: loss %.4f", epoch, options.epochs(), loss));
            }
            return loss;
        }

        /** The AdaGrad step of gradient {@code g} for the parameter whose accumulator is {@code acc[at]}. */
        private static float step(float[] acc, int at, float g, float lr) {
            acc[at] += g * g;
            return lr * g / (float) Math.sqrt(acc[at] + 1e-8f);
        }
    }
}
