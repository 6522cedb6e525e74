package dev.warden.judge.classifier;

import dev.warden.guard.learned.RowTable;
import dev.warden.guard.learned.SwarRowSums;
import dev.warden.guard.text.NormalizedText;
import java.util.Arrays;

/**
 * The trained weights in inference form: for every hash bucket a row of {@link Head#COUNT} int8 weights,
 * a float scale and bias per head, and the weight of the prompt context on the harmful-response head.
 * The real-valued weight of bucket {@code b}, head {@code h} is {@code scale[h] * weights[b * H + h]}.
 *
 * <p>{@link #logits} computes all heads in one pass over the text's features: each occurrence adds (or,
 * for a negative hash sign, subtracts) its bucket's int8 row into accumulators, one set per feature group;
 * at the end every head gets {@code bias + scale * sum_g(acc_g / sqrt(n_g))}, the same value as the dot
 * product with {@link SparseVector#of} (up to float rounding). Immutable and thread-safe.
 *
 * <p>Speed: the rows are added by the guard library's kernel ({@link SwarRowSums}: 17-byte rows laid out once in
 * a shared {@link RowTable}, added in packed 16-bit lanes, exact integer sums), the one the learned guard model
 * uses.
 */
public final class LinearHeads {

    /** Heads per bucket row. */
    public static final int H = Head.COUNT;

    private final FeatureHasher hasher;
    /** The int8 weights, laid out for the kernel once and shared by every thread's sums. */
    private final RowTable table;
    private final float[] scales;
    private final float[] biases;
    private final float contextWeight;

    private final ThreadLocal<Accumulator> accumulators;

    /**
     * Wraps quantized weights (the arrays are copied).
     *
     * @param settings      the feature settings the weights were trained with
     * @param weights       {@code buckets * H} int8 weights, row-major by bucket
     * @param scales        {@code H} per-head scales
     * @param biases        {@code H} per-head biases
     * @param contextWeight weight of {@link #contextFeature} on the harmful-response head
     */
    public LinearHeads(FeatureSettings settings, byte[] weights, float[] scales, float[] biases, float contextWeight) {
        if (weights.length != (long) settings.buckets() * H) {
            throw new IllegalArgumentException("weights hold " + weights.length + " values; " + settings.buckets()
                    + " buckets x " + H + " heads need " + (long) settings.buckets() * H);
        }
        if (scales.length != H || biases.length != H) {
            throw new IllegalArgumentException("need " + H + " scales and biases, got " + scales.length + " and "
                    + biases.length);
        }
        if (H != SwarRowSums.ROW) {
            throw new IllegalStateException("the scoring kernel assumes " + SwarRowSums.ROW + " heads, not " + H);
        }
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] == Byte.MIN_VALUE) {
                throw new IllegalArgumentException("int8 weights must be in [-127, 127]; weight " + i + " is -128");
            }
        }
        this.hasher = new FeatureHasher(settings);
        this.table = RowTable.of(weights, SwarRowSums.ROW);
        this.scales = scales.clone();
        this.biases = biases.clone();
        this.contextWeight = contextWeight;
        this.accumulators = ThreadLocal.withInitial(() -> new Accumulator(this.table));
    }

    /**
     * Quantizes float weights: per head, {@code scale = max|w| / 127} and {@code q = round(w / scale)}.
     *
     * @param weights {@code buckets * H} float weights, row-major by bucket
     */
    public static LinearHeads quantize(FeatureSettings settings, float[] weights, float[] biases, float contextWeight) {
        int buckets = settings.buckets();
        if (weights.length != (long) buckets * H) {
            throw new IllegalArgumentException("weights hold " + weights.length + " values; need " + (long) buckets * H);
        }
        float[] scales = new float[H];
        for (int b = 0; b < buckets; b++) {
            for (int h = 0; h < H; h++) {
                scales[h] = Math.max(scales[h], Math.abs(weights[b * H + h]));
            }
        }
        for (int h = 0; h < H; h++) {
            scales[h] = scales[h] == 0f ? 1f : scales[h] / 127f;
        }
        byte[] q = new byte[weights.length];
        for (int i = 0; i < weights.length; i++) {
            int v = Math.round(weights[i] / scales[i % H]);
            q[i] = (byte) Math.max(-127, Math.min(127, v));
        }
        return new LinearHeads(settings, q, scales, biases, contextWeight);
    }

    /**
     * The input the harmful-response head gets from the prompt: its ANY_HARM logit, clamped to [-8, 8] and
     * divided by 4 (used identically in training).
     */
    public static float contextFeature(float promptAnyHarmLogit) {
        return Math.max(-8f, Math.min(8f, promptAnyHarmLogit)) / 4f;
    }

    /**
     * Computes the logits of all heads for {@code text} into {@code out} (length at least {@link #H}). The
     * harmful-response logit does not include the prompt context: add {@link #contextWeight()} times
     * {@link #contextFeature} yourself.
     */
    public void logits(CharSequence text, float[] out) {
        Accumulator a = accumulators.get();
        a.clear();
        hasher.forEach(text, a);
        logits(a.sum(), out);
    }

    /** {@link #logits(CharSequence, float[])} of a text already normalised as {@link FeatureHasher} does. */
    public void logits(NormalizedText text, float[] out) {
        Accumulator a = accumulators.get();
        a.clear();
        hasher.forEach(text, a);
        logits(a.sum(), out);
    }

    private void logits(SwarRowSums sums, float[] out) {
        sums.finish();
        int words = sums.count(FeatureHasher.WORDS);
        int chars = sums.count(FeatureHasher.CHARS);
        float invWords = words == 0 ? 0f : (float) (1.0 / Math.sqrt(words));
        float invChars = chars == 0 ? 0f : (float) (1.0 / Math.sqrt(chars));
        for (int h = 0; h < H; h++) {
            out[h] = biases[h] + scales[h] * (sums.sum(FeatureHasher.WORDS, h) * invWords
                    + sums.sum(FeatureHasher.CHARS, h) * invChars);
        }
    }

    /** The feature settings. */
    public FeatureSettings settings() {
        return hasher.settings();
    }

    /** A copy of the int8 weights. */
    public byte[] weights() {
        return table.signed();
    }

    /** A copy of the per-head scales. */
    public float[] scales() {
        return scales.clone();
    }

    /** A copy of the per-head biases. */
    public float[] biases() {
        return biases.clone();
    }

    /** The weight of the prompt context on the harmful-response head. */
    public float contextWeight() {
        return contextWeight;
    }

    /**
     * Per-thread sums of one text: per group and head the signed int8 weights of its occurrences. The occurrences
     * (a 2 KB text has about 6,600) are first collected into one plain array per group, then handed to the kernel
     * in one call per group ({@link SwarRowSums#addAll}): recording each one through {@link SwarRowSums#add}, whose
     * per-group arrays and counts the JIT must reload at every call, cost about as much as hashing them.
     */
    private static final class Accumulator implements FeatureSink {
        private final SwarRowSums sums;
        private int[] words = new int[1024];
        private int[] chars = new int[8192];
        private int wordCount;
        private int charCount;

        Accumulator(RowTable table) {
            this.sums = new SwarRowSums(table, FeatureHasher.GROUPS);
        }

        /** Forgets the previous text. */
        void clear() {
            wordCount = 0;
            charCount = 0;
        }

        @Override
        public void accept(int group, int bucket, boolean negative) {
            int occurrence = negative ? bucket | SwarRowSums.NEGATIVE : bucket;
            if (group == FeatureHasher.WORDS) {
                if (wordCount == words.length) {
                    words = Arrays.copyOf(words, 2 * wordCount);
                }
                words[wordCount++] = occurrence;
            } else {
                if (charCount == chars.length) {
                    chars = Arrays.copyOf(chars, 2 * charCount);
                }
                chars[charCount++] = occurrence;
            }
        }

        /** The sums of the occurrences collected since {@link #clear}. */
        SwarRowSums sum() {
            sums.reset();
            sums.addAll(FeatureHasher.WORDS, words, 0, wordCount);
            sums.addAll(FeatureHasher.CHARS, chars, 0, charCount);
            return sums;
        }
    }
}
