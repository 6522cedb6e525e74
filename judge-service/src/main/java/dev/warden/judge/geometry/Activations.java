package dev.warden.judge.geometry;

/**
 * Checks of activation sets before any index is computed: each set holds at least two vectors, every
 * vector has the same non-zero dimension in both sets, and every value is finite. Messages name the
 * offending set, row and column as {@code safe[i][j]}.
 */
final class Activations {

    /** The fewest vectors a set may hold: a diameter and a scatter need two points. */
    static final int MIN_VECTORS = 2;

    private Activations() {
    }

    /**
     * Checks both sets and returns their common dimension.
     *
     * @param safe the safe set, shape [n_safe, d]
     * @param unsafe the unsafe set, shape [n_unsafe, d]
     * @return d
     * @throws IllegalArgumentException naming the first problem found
     */
    static int checkPair(float[][] safe, float[][] unsafe) {
        int dSafe = check("safe", safe);
        int dUnsafe = check("unsafe", unsafe);
        if (dSafe != dUnsafe) {
            throw new IllegalArgumentException("unsafe vectors have " + dUnsafe + " values but safe vectors have "
                    + dSafe + "; both sets must come from the same layer");
        }
        return dSafe;
    }

    /** Checks one set and returns its dimension. */
    static int check(String name, float[][] set) {
        if (set == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (set.length < MIN_VECTORS) {
            throw new IllegalArgumentException(name + " has " + set.length + (set.length == 1 ? " vector" : " vectors")
                    + "; at least " + MIN_VECTORS + " are needed");
        }
        int d = -1;
        for (int i = 0; i < set.length; i++) {
            float[] row = set[i];
            if (row == null) {
                throw new IllegalArgumentException(name + "[" + i + "] is missing");
            }
            if (i == 0) {
                d = row.length;
                if (d == 0) {
                    throw new IllegalArgumentException(name + "[0] is empty; vectors need at least one value");
                }
            } else if (row.length != d) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] has " + row.length + " values but " + name + "[0] has " + d);
            }
            for (int j = 0; j < d; j++) {
                float v = row[j];
                if (Float.isNaN(v)) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is NaN");
                }
                if (Float.isInfinite(v)) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is infinite");
                }
            }
        }
        return d;
    }
}
