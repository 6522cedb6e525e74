package dev.warden.tools.judge.classifier;

import dev.warden.judge.classifier.FeatureHasher;
import dev.warden.judge.classifier.SparseVector;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Sparse feature vectors of many texts in compressed-row form: row {@code r} holds entries
 * {@code rowStart[r] .. rowStart[r + 1] - 1} of {@code indices} and {@code values}.
 *
 * @param rowStart {@code rows + 1} offsets
 * @param indices  bucket indices of all rows
 * @param values   values of all rows
 */
public record FeatureMatrix(int[] rowStart, int[] indices, float[] values) {

    /** Validates the offsets. */
    public FeatureMatrix {
        if (rowStart.length == 0 || rowStart[0] != 0 || rowStart[rowStart.length - 1] != indices.length
                || indices.length != values.length) {
            throw new IllegalArgumentException("malformed compressed rows: " + rowStart.length + " offsets, "
                    + indices.length + " indices, " + values.length + " values");
        }
    }

    /** Number of rows. */
    public int rows() {
        return rowStart.length - 1;
    }

    /** Number of entries of row {@code r}. */
    public int rowLength(int r) {
        return rowStart[r + 1] - rowStart[r];
    }

    /** Hashes all texts (in parallel; the result does not depend on the thread count). */
    public static FeatureMatrix of(FeatureHasher hasher, List<String> texts) {
        SparseVector[] rows = new SparseVector[texts.size()];
        IntStream.range(0, rows.length).parallel().forEach(i -> rows[i] = SparseVector.of(hasher, texts.get(i)));
        int[] start = new int[rows.length + 1];
        for (int i = 0; i < rows.length; i++) {
            start[i + 1] = start[i] + rows[i].size();
        }
        int[] idx = new int[start[rows.length]];
        float[] val = new float[idx.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i].indices(), 0, idx, start[i], rows[i].size());
            System.arraycopy(rows[i].values(), 0, val, start[i], rows[i].size());
        }
        return new FeatureMatrix(start, idx, val);
    }
}
