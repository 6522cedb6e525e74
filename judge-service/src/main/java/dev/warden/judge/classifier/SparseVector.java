package dev.warden.judge.classifier;

import java.util.Arrays;

/**
 * A sparse feature vector: strictly increasing bucket indices and their values.
 *
 * @param indices bucket indices, strictly increasing
 * @param values  the value of each index, same length
 */
public record SparseVector(int[] indices, float[] values) {

    /** Validates the lengths and the order. */
    public SparseVector {
        if (indices.length != values.length) {
            throw new IllegalArgumentException(indices.length + " indices but " + values.length + " values");
        }
        for (int i = 1; i < indices.length; i++) {
            if (indices[i] <= indices[i - 1]) {
                throw new IllegalArgumentException("indices must be strictly increasing; index " + i + " is "
                        + indices[i] + " after " + indices[i - 1]);
            }
        }
    }

    /** Number of non-zero entries. */
    public int size() {
        return indices.length;
    }

    /**
     * The feature vector of {@code text}: each occurrence counts +-1 (its hash sign), divided by the square
     * root of its group's occurrence count; entries of the same bucket are summed, and exact zeros dropped.
     */
    public static SparseVector of(FeatureHasher hasher, CharSequence text) {
        Collector c = new Collector();
        hasher.forEach(text, c);
        return c.build();
    }

    /** Gathers occurrences as packed ints: bucket << 2 | group << 1 | sign. */
    private static final class Collector implements FeatureSink {
        private int[] codes = new int[256];
        private int size;
        private final int[] counts = new int[FeatureHasher.GROUPS];

        @Override
        public void accept(int group, int bucket, boolean negative) {
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, size * 2);
            }
            codes[size++] = bucket << 2 | group << 1 | (negative ? 1 : 0);
            counts[group]++;
        }

        SparseVector build() {
            Arrays.sort(codes, 0, size);
            float[] unit = new float[FeatureHasher.GROUPS];
            for (int g = 0; g < unit.length; g++) {
                unit[g] = counts[g] == 0 ? 0f : (float) (1.0 / Math.sqrt(counts[g]));
            }
            int[] idx = new int[size];
            float[] val = new float[size];
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
                if (sum != 0f) {
                    idx[n] = bucket;
                    val[n] = sum;
                    n++;
                }
            }
            return new SparseVector(Arrays.copyOf(idx, n), Arrays.copyOf(val, n));
        }
    }
}
