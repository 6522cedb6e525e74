package dev.warden.tools.judge.classifier;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import dev.warden.judge.classifier.TrainingOptions;
import dev.warden.model.train.AdamW;
import dev.warden.model.train.Gradients;
import dev.warden.model.train.LearningRateSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains K independent logistic heads over hashed sparse features with DJL autograd and the model module's
 * {@link AdamW}. The sparse input is handled embedding-bag style: each row's bucket indices (padded to the
 * batch's longest row with bucket 0 and value 0) gather rows of the weight matrix, and the row's values
 * weight and sum them. Optionally one dense input per example (the prompt context) enters chosen heads
 * through a learned weight per head.
 *
 * <p>Loss: binary cross-entropy with logits, positives weighted by {@link TrainingOptions#positiveWeight},
 * averaged over examples and heads. Deterministic for a seed: example order and batching come from a seeded
 * random, and the CPU kernels used are deterministic.
 *
 * <p>Legend: N examples in a batch, L padded entries per row, V hash buckets, K heads.
 */
public final class LinearTrainer {

    /** Rows per length-sorted chunk: batches are cut from chunks of similar-length rows to limit padding. */
    private static final int CHUNK_BATCHES = 16;

    /**
     * What training produced.
     *
     * @param weights        {@code V * K} weights, row-major by bucket
     * @param biases         {@code K} biases
     * @param contextWeights {@code K} weights of the context input (0 for heads without context)
     * @param steps          optimizer steps taken
     * @param lastEpochLoss  mean batch loss of the last epoch
     */
    public record Result(float[] weights, float[] biases, float[] contextWeights, int steps, float lastEpochLoss) {
    }

    private LinearTrainer() {
    }

    /**
     * Trains the heads.
     *
     * @param x            features, one row per example
     * @param labels       {@code N * K} labels in {0, 1}, row-major by example
     * @param heads        K
     * @param context      one value per example, or null for none
     * @param contextHeads which heads receive the context (length K; ignored without context)
     * @param buckets      V, the number of hash buckets
     * @param options      hyper-parameters
     * @param log          receives one line per epoch
     */
    public static Result train(FeatureMatrix x, float[] labels, int heads, float[] context, boolean[] contextHeads,
                               int buckets, TrainingOptions options, Consumer<String> log) {
        int n = x.rows();
        if (labels.length != (long) n * heads) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " examples x " + heads + " heads");
        }
        if (context != null && (context.length != n || contextHeads.length != heads)) {
            throw new IllegalArgumentException("context needs one value per example and one flag per head");
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        int batchesPerEpoch = (n + options.batchSize() - 1) / options.batchSize();
        int totalSteps = batchesPerEpoch * options.epochs();
        LearningRateSchedule schedule = LearningRateSchedule.warmupCosine(options.learningRate(),
                Math.max(1, totalSteps / 20), totalSteps, 0.05f);
        try (NDManager root = NDManager.newBaseManager(Device.cpu())) {
            NDArray w = root.zeros(new Shape(buckets, heads)); // [V, K]
            NDArray b = root.create(baseRateLogits(labels, heads)); // [K]
            NDArray a = root.zeros(new Shape(heads)); // [K]
            NDArray contextMask = root.create(mask(contextHeads, heads)); // [K]
            NDArray positiveWeight = root.create(options.positiveWeight()); // []
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            parameters.put("weight", w);
            parameters.put("bias", b);
            if (context != null) {
                parameters.put("context", a);
            }
            parameters.values().forEach(p -> p.setRequiresGradient(true));
            int steps = 0;
            float epochLoss = Float.NaN;
            try (AdamW optimizer = new AdamW(parameters, AdamW.Settings.defaults().withWeightDecay(options.weightDecay()),
                    schedule, name -> name.equals("weight"))) {
                for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                    double sum = 0;
                    List<int[]> batches = batches(x, options.batchSize(), random);
                    for (int[] batch : batches) {
                        sum += step(root, x, labels, heads, context, batch, w, b, a, contextMask, positiveWeight,
                                optimizer, parameters);
                        steps++;
                    }
                    epochLoss = (float) (sum / batches.size());
                    log.accept(String.format("epoch %d/%d: loss %.4f (%d steps, lr %.4g)", epoch, options.epochs(),
                            epochLoss, steps, optimizer.nextLearningRate()));
                }
            }
            return new Result(w.toFloatArray(), b.toFloatArray(), context == null ? new float[heads] : a.toFloatArray(),
                    steps, epochLoss);
        }
    }

    private static float step(NDManager root, FeatureMatrix x, float[] labels, int heads, float[] context,
                              int[] batch, NDArray w, NDArray b, NDArray a, NDArray contextMask,
                              NDArray positiveWeight, AdamW optimizer, Map<String, NDArray> parameters) {
        int rows = batch.length;
        int width = 1;
        for (int r : batch) {
            width = Math.max(width, x.rowLength(r));
        }
        long[] idx = new long[rows * width];
        float[] val = new float[rows * width];
        float[] y = new float[rows * heads];
        float[] ctx = new float[rows];
        for (int i = 0; i < rows; i++) {
            int r = batch[i];
            int from = x.rowStart()[r];
            int length = x.rowLength(r);
            for (int j = 0; j < length; j++) {
                idx[i * width + j] = x.indices()[from + j];
                val[i * width + j] = x.values()[from + j];
            }
            System.arraycopy(labels, r * heads, y, i * heads, heads);
            if (context != null) {
                ctx[i] = context[r];
            }
        }
        try (NDScope scope = new NDScope(); NDManager m = root.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray indices = m.create(idx, new Shape(rows, width)); // [N, L]
            NDArray values = m.create(val, new Shape(rows, 1, width)); // [N, 1, L]
            NDArray target = m.create(y, new Shape(rows, heads)); // [N, K]
            NDArray notTarget = m.ones(new Shape(rows, heads)).sub(target); // [N, K]
            NDArray contextInput = m.create(ctx, new Shape(rows, 1)); // [N, 1]
            NDArray count = m.create((float) rows * heads); // []
            float loss = Gradients.accumulate(() -> {
                NDArray gathered = Embedding.embedding(indices, w, SparseFormat.DENSE).singletonOrThrow(); // [N, L, K]
                NDArray z = values.matMul(gathered).reshape(rows, heads).add(b); // [N,1,L] x [N,L,K] -> [N, K]
                if (context != null) {
                    z = z.add(contextInput.matMul(a.mul(contextMask).reshape(1, heads))); // [N,1] x [1,K] -> [N, K]
                }
                NDArray positive = Activation.softPlus(z.neg()).mul(target).mul(positiveWeight); // [N, K]
                NDArray negative = Activation.softPlus(z).mul(notTarget); // [N, K]
                return positive.add(negative).sum().div(count); // []
            });
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException("training diverged: loss " + loss + " at step "
                        + (optimizer.stepCount() + 1));
            }
            Map<String, NDArray> gradients = Gradients.of(parameters);
            optimizer.step(gradients);
            gradients.values().forEach(g -> g.subi(g));
            return loss;
        }
    }

    /** Seeded batches: shuffled rows, sorted by length within chunks, batch order shuffled again. */
    static List<int[]> batches(FeatureMatrix x, int batchSize, SplittableRandom random) {
        int n = x.rows();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int chunk = batchSize * CHUNK_BATCHES;
        for (int from = 0; from < n; from += chunk) {
            Arrays.sort(order, from, Math.min(n, from + chunk),
                    (p, q) -> Integer.compare(x.rowLength(p), x.rowLength(q)));
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int[] batch = new int[to - from];
            for (int i = from; i < to; i++) {
                batch[i - from] = order[i];
            }
            batches.add(batch);
        }
        for (int i = batches.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int[] t = batches.get(i);
            batches.set(i, batches.get(j));
            batches.set(j, t);
        }
        return batches;
    }

    /** Per head, the logit of the share of positive labels (clamped away from 0 and 1): a good start for the bias. */
    private static float[] baseRateLogits(float[] labels, int heads) {
        double[] positives = new double[heads];
        int n = labels.length / heads;
        for (int i = 0; i < labels.length; i++) {
            positives[i % heads] += labels[i];
        }
        float[] out = new float[heads];
        for (int h = 0; h < heads; h++) {
            double p = Math.min(0.99, Math.max(0.01, positives[h] / Math.max(1, n)));
            out[h] = (float) Math.log(p / (1 - p));
        }
        return out;
    }

    private static float[] mask(boolean[] flags, int heads) {
        float[] out = new float[heads];
        for (int h = 0; h < heads && flags != null && h < flags.length; h++) {
            out[h] = flags[h] ? 1f : 0f;
        }
        return out;
    }
}
