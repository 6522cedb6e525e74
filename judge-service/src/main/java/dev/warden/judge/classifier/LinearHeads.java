package dev.warden.judge.classifier;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
 * <p>Speed: the 17-byte rows are kept biased ({@code w + 128}, unsigned) and read as two little-endian
 * longs plus one byte; the 16 bytes are added in SWAR fashion into packed 16-bit lanes (four longs per
 * group: even and odd bytes of each long), a negative occurrence adding {@code 256 - (w + 128)} lane-wise,
 * computed branch-free. Every occurrence adds at most 255 to a lane, so the lanes are flushed into int
 * sums every 256 occurrences, and the bias of 128 per occurrence is taken off there.
 */
public final class LinearHeads {

    /** Heads per bucket row. */
    public static final int H = Head.COUNT;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final FeatureHasher hasher;
    /** The int8 weights plus 128, as unsigned bytes, row-major by bucket. */
    private final byte[] biased;
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
        this.hasher = new FeatureHasher(settings);
        this.biased = new byte[weights.length];
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] == Byte.MIN_VALUE) {
                throw new IllegalArgumentException("int8 weights must be in [-127, 127]; weight " + i + " is -128");
            }
            biased[i] = (byte) (weights[i] + 128);
        }
        this.scales = scales.clone();
        this.biases = biases.clone();
        this.contextWeight = contextWeight;
        this.accumulators = ThreadLocal.withInitial(() -> new Accumulator(this.biased));
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
        a.reset();
        hasher.forEach(text, a);
        a.flush(FeatureHasher.WORDS);
        a.flush(FeatureHasher.CHARS);
        float invWords = a.counts[FeatureHasher.WORDS] == 0 ? 0f : (float) (1.0 / Math.sqrt(a.counts[FeatureHasher.WORDS]));
        float invChars = a.counts[FeatureHasher.CHARS] == 0 ? 0f : (float) (1.0 / Math.sqrt(a.counts[FeatureHasher.CHARS]));
        for (int h = 0; h < H; h++) {
            out[h] = biases[h] + scales[h] * (a.sum(FeatureHasher.WORDS, h) * invWords + a.sum(FeatureHasher.CHARS, h) * invChars);
        }
    }

    /** The feature settings. */
    public FeatureSettings settings() {
        return hasher.settings();
    }

    /** A copy of the int8 weights. */
    public byte[] weights() {
        byte[] out = new byte[biased.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((biased[i] & 0xFF) - 128);
        }
        return out;
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

    /** Per-thread accumulators of one text: packed 16-bit lanes per group, flushed into int sums. */
    private static final class Accumulator implements FeatureSink {
        /** Selects the even bytes of a long into 16-bit lanes. */
        private static final long LOW_BYTES = 0x00FF00FF00FF00FFL;
        /** 256 in every 16-bit lane, plus one: {@code (~r) + K1 == 256 - r} lane-wise. */
        private static final long K1 = 0x0100010001000100L + 1L;
        private static final int FLUSH = 256;

        static {
            if (H != 17) {
                throw new ExceptionInInitializerError("the SWAR row layout assumes 17 heads (16 in two longs + 1), not " + H);
            }
        }

        private final byte[] table;
        /** Per group: lanes of bytes 0,2,4,6 / 1,3,5,7 / 8,10,12,14 / 9,11,13,15 of the row. */
        private final long[] lanes = new long[FeatureHasher.GROUPS * 4];
        /** Per group: signed sum of byte 16 (head 16), kept as a plain int. */
        private final int[] last = new int[FeatureHasher.GROUPS];
        private final int[] pending = new int[FeatureHasher.GROUPS];
        /** Flushed sums, per group and head. */
        private final int[] sums = new int[FeatureHasher.GROUPS * H];
        final int[] counts = new int[FeatureHasher.GROUPS];

        Accumulator(byte[] table) {
            this.table = table;
        }

        void reset() {
            java.util.Arrays.fill(lanes, 0L);
            java.util.Arrays.fill(sums, 0);
            for (int g = 0; g < FeatureHasher.GROUPS; g++) {
                last[g] = 0;
                pending[g] = 0;
                counts[g] = 0;
            }
        }

        /** Sum of a group for head {@code h}, signs applied (after {@link #flush}). */
        int sum(int group, int h) {
            return sums[group * H + h];
        }

        @Override
        public void accept(int group, int bucket, boolean negative) {
            int base = bucket * H;
            byte[] t = table;
            long m = negative ? -1L : 0L;
            long k = K1 & m;
            long a = (long) LONGS.get(t, base);
            long b = (long) LONGS.get(t, base + 8);
            int g = group << 2;
            long[] l = lanes;
            l[g] += ((a & LOW_BYTES) ^ m) + k;
            l[g + 1] += (((a >>> 8) & LOW_BYTES) ^ m) + k;
            l[g + 2] += ((b & LOW_BYTES) ^ m) + k;
            l[g + 3] += (((b >>> 8) & LOW_BYTES) ^ m) + k;
            int w16 = (t[base + 16] & 0xFF) - 128;
            int mi = (int) m;
            last[group] += (w16 ^ mi) - mi;
            counts[group]++;
            if (++pending[group] == FLUSH) {
                flush(group);
            }
        }

        /** Moves a group's lanes into its int sums, taking off the bias of 128 per pending occurrence. */
        void flush(int group) {
            int n = pending[group];
            int offset = 128 * n;
            int g = group << 2;
            int row = group * H;
            for (int lane = 0; lane < 4; lane++) {
                int shift = lane << 4;
                sums[row + 2 * lane] += (int) ((lanes[g] >>> shift) & 0xFFFF) - offset;
                sums[row + 2 * lane + 1] += (int) ((lanes[g + 1] >>> shift) & 0xFFFF) - offset;
                sums[row + 8 + 2 * lane] += (int) ((lanes[g + 2] >>> shift) & 0xFFFF) - offset;
                sums[row + 9 + 2 * lane] += (int) ((lanes[g + 3] >>> shift) & 0xFFFF) - offset;
            }
            sums[row + 16] += last[group];
            last[group] = 0;
            lanes[g] = 0L;
            lanes[g + 1] = 0L;
            lanes[g + 2] = 0L;
            lanes[g + 3] = 0L;
            pending[group] = 0;
        }
    }
}
