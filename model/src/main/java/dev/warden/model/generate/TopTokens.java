package dev.warden.model.generate;

/**
 * Selects the k largest entries of a logits row without sorting the row: one pass with a bounded heap,
 * O(V log k). Order is total and deterministic: larger value first, the lower token id on a tie; NaN
 * counts as negative infinity.
 */
final class TopTokens {

    private TopTokens() {
    }

    /**
     * The token ids of the {@code k} largest of {@code row[offset .. offset + vocab)}, best first.
     *
     * @return min(k, vocab) token ids in [0, vocab)
     */
    static int[] select(float[] row, int offset, int vocab, int k) {
        int size = Math.min(k, vocab);
        if (size <= 0) {
            return new int[0];
        }
        // A heap whose root is the worst kept entry (smallest value, then highest id).
        int[] ids = new int[size];
        float[] values = new float[size];
        int n = 0;
        for (int j = 0; j < vocab; j++) {
            float v = value(row[offset + j]);
            if (n < size) {
                ids[n] = j;
                values[n] = v;
                siftUp(ids, values, n++);
            } else if (v > values[0]) { // ids come in increasing order, so an equal value never wins
                ids[0] = j;
                values[0] = v;
                siftDown(ids, values, 0, size);
            }
        }
        // Heap-sort in place: repeatedly move the worst to the end, which leaves the best first.
        for (int end = size - 1; end > 0; end--) {
            swap(ids, values, 0, end);
            siftDown(ids, values, 0, end);
        }
        return ids;
    }

    /** NaN sorts as negative infinity. */
    static float value(float v) {
        return v != v ? Float.NEGATIVE_INFINITY : v;
    }

    /** Whether entry a is worse than entry b: smaller value, or equal value and higher id. */
    private static boolean worse(int[] ids, float[] values, int a, int b) {
        return values[a] < values[b] || (values[a] == values[b] && ids[a] > ids[b]);
    }

    private static void siftUp(int[] ids, float[] values, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(ids, values, i, parent)) {
                return;
            }
            swap(ids, values, i, parent);
            i = parent;
        }
    }

    private static void siftDown(int[] ids, float[] values, int i, int size) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int child = left + 1 < size && worse(ids, values, left + 1, left) ? left + 1 : left;
            if (!worse(ids, values, child, i)) {
                return;
            }
            swap(ids, values, i, child);
            i = child;
        }
    }

    private static void swap(int[] ids, float[] values, int a, int b) {
        int id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
        float v = values[a];
        values[a] = values[b];
        values[b] = v;
    }
}
