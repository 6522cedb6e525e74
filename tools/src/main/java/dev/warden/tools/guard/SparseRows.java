package dev.warden.tools.guard;

import dev.warden.guard.learned.FeatureSink;
import dev.warden.guard.learned.GuardFeatures;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Texts as merged sparse vectors for training: per text the buckets it touches (increasing) and their
 * values, each occurrence counting +-1 / sqrt(occurrences of its group), exactly the sum
 * {@link dev.warden.guard.learned.GuardModel} computes at inference.
 *
 * @param indices per text its buckets
 * @param values  per text the values of those buckets
 */
public record SparseRows(int[][] indices, float[][] values) {

    /** Hashes every text (in parallel; each row depends only on its text). */
    public static SparseRows of(GuardFeatures features, List<String> texts) {
        int[][] idx = new int[texts.size()][];
        float[][] val = new float[texts.size()][];
        IntStream.range(0, texts.size()).parallel().forEach(i -> {
            Collector c = new Collector();
            features.forEach(texts.get(i), c);
            c.build(i, idx, val);
        });
        return new SparseRows(idx, val);
    }

    /** The rows at {@code positions}, in that order (shared, not copied). */
    public SparseRows pick(int[] positions) {
        int[][] idx = new int[positions.length][];
        float[][] val = new float[positions.length][];
        for (int k = 0; k < positions.length; k++) {
            idx[k] = indices[positions[k]];
            val[k] = values[positions[k]];
        }
        return new SparseRows(idx, val);
    }

    /**
     * The windows of one text ({@link GuardFeatures#forEachWindow}: two adjacent blocks of {@code blockChars} folded
     * chars), one row each, normalised per window as the model scores them; none when the text has at most two
     * blocks.
     */
    public static SparseRows windows(GuardFeatures features, int blockChars, String text) {
        java.util.List<Collector> collectors = new java.util.ArrayList<>();
        features.forEachWindow(text, blockChars, (window, group, bucket, negative) -> {
            while (collectors.size() <= window) {
                collectors.add(new Collector());
            }
            collectors.get(window).accept(group, bucket, negative);
        });
        int[][] idx = new int[collectors.size()][];
        float[][] val = new float[collectors.size()][];
        for (int k = 0; k < idx.length; k++) {
            collectors.get(k).build(k, idx, val);
        }
        return new SparseRows(idx, val);
    }

    private static final class Collector implements FeatureSink {
        private int[] codes = new int[256];
        private int size;
        private final int[] counts = new int[GuardFeatures.GROUPS];

        @Override
        public void accept(int group, int bucket, boolean negative) {
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, size * 2);
            }
            codes[size++] = bucket << 2 | group << 1 | (negative ? 1 : 0);
            counts[group]++;
        }

        void build(int row, int[][] idx, float[][] val) {
            Arrays.sort(codes, 0, size);
            float[] unit = new float[GuardFeatures.GROUPS];
            for (int g = 0; g < unit.length; g++) {
                unit[g] = counts[g] == 0 ? 0f : (float) (1.0 / Math.sqrt(counts[g]));
            }
            int[] outIdx = new int[size];
            float[] outVal = new float[size];
            int n = 0;
            int i = 0;
            while (i < size) {
                int bucket = codes[i] >>> 2;
                float sum = 0f;
                while (i < size && codes[i] >>> 2 == bucket) {
                    float v = unit[(codes[i] >>> 1) & 1];
                    sum += (codes[i] & 1) == 1 ? -v : v;
                    i++;
                }
                outIdx[n] = bucket;
                outVal[n] = sum;
                n++;
            }
            idx[row] = Arrays.copyOf(outIdx, n);
            val[row] = Arrays.copyOf(outVal, n);
        }
    }
}
