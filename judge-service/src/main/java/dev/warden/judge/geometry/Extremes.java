package dev.warden.judge.geometry;

/**
 * Point-to-point extremes of two labelled sets, for the Dunn index: the largest distance between two
 * points of the same set (the larger of the two diameters) and the smallest distance between a point of
 * one set and a point of the other.
 *
 * <p>Cost: every unordered pair once, N (N - 1) / 2 squared distances of d terms each, O(N^2 d) time and
 * O(1) extra memory (no distance matrix). Distances are accumulated in double from the float inputs.
 *
 * @param maxDiameter max over both sets of the largest within-set distance, >= 0
 * @param minSeparation the smallest distance between a point of A and a point of B, >= 0
 */
record Extremes(double maxDiameter, double minSeparation) {

    /** Computes the extremes; the sets must have been checked (see {@link Activations}). */
    static Extremes of(float[][] a, float[][] b) {
        double diameterSq = Math.max(largestWithin(a), largestWithin(b));
        double separationSq = Double.POSITIVE_INFINITY;
        for (float[] x : a) {
            for (float[] y : b) {
                separationSq = Math.min(separationSq, squaredDistance(x, y));
            }
        }
        return new Extremes(Math.sqrt(diameterSq), Math.sqrt(separationSq));
    }

    private static double largestWithin(float[][] set) {
        double largest = 0;
        for (int i = 0; i < set.length; i++) {
            for (int k = i + 1; k < set.length; k++) {
                largest = Math.max(largest, squaredDistance(set[i], set[k]));
            }
        }
        return largest;
    }

    /** ||x - y||^2 with four independent accumulators (instruction-level parallelism on long vectors). */
    static double squaredDistance(float[] x, float[] y) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int d = x.length;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            double e0 = (double) x[j] - y[j];
            double e1 = (double) x[j + 1] - y[j + 1];
            double e2 = (double) x[j + 2] - y[j + 2];
            double e3 = (double) x[j + 3] - y[j + 3];
            s0 += e0 * e0;
            s1 += e1 * e1;
            s2 += e2 * e2;
            s3 += e3 * e3;
        }
        for (; j < d; j++) {
            double e = (double) x[j] - y[j];
            s0 += e * e;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
