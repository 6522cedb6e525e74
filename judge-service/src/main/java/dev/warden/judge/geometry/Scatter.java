package dev.warden.judge.geometry;

/**
 * Centroid-based statistics of two labelled sets (cluster A = safe, cluster B = unsafe), computed in one
 * O(N d) pass in double precision. Every centroid-based index (Davies-Bouldin, Xie-Beni,
 * Calinski-Harabasz) derives from these numbers.
 *
 * <p>Legend: n_a, n_b the set sizes, N = n_a + n_b, d the dimension; c_a, c_b the centroids; c the
 * centroid of all N points.
 *
 * @param countA n_a
 * @param countB n_b
 * @param withinA W_a = sum over x in A of ||x - c_a||^2
 * @param withinB W_b = sum over x in B of ||x - c_b||^2
 * @param meanRadiusA s_a = mean over x in A of ||x - c_a|| (Davies-Bouldin's cluster spread)
 * @param meanRadiusB s_b = mean over x in B of ||x - c_b||
 * @param centroidDistanceSquared ||c_a - c_b||^2
 */
record Scatter(int countA, int countB, double withinA, double withinB, double meanRadiusA, double meanRadiusB,
        double centroidDistanceSquared) {

    /** Computes the statistics; the sets must have been checked (see {@link Activations}). */
    static Scatter of(float[][] a, float[][] b) {
        double[] ca = centroid(a); // [d]
        double[] cb = centroid(b); // [d]
        double[] spreadA = spread(a, ca); // {W_a, s_a}
        double[] spreadB = spread(b, cb); // {W_b, s_b}
        double dc = 0;
        for (int j = 0; j < ca.length; j++) {
            double diff = ca[j] - cb[j];
            dc += diff * diff;
        }
        return new Scatter(a.length, b.length, spreadA[0], spreadB[0], spreadA[1], spreadB[1], dc);
    }

    /** N, the number of points in both sets. */
    int total() {
        return countA + countB;
    }

    /** W = W_a + W_b, the within-cluster sum of squares. */
    double within() {
        return withinA + withinB;
    }

    /**
     * B = n_a ||c_a - c||^2 + n_b ||c_b - c||^2, the between-cluster sum of squares. For two clusters
     * c = (n_a c_a + n_b c_b) / N, so B = (n_a n_b / N) ||c_a - c_b||^2 exactly.
     */
    double between() {
        return (double) countA * countB / total() * centroidDistanceSquared;
    }

    private static double[] centroid(float[][] set) {
        double[] c = new double[set[0].length];
        for (float[] x : set) {
            for (int j = 0; j < c.length; j++) {
                c[j] += x[j];
            }
        }
        for (int j = 0; j < c.length; j++) {
            c[j] /= set.length;
        }
        return c;
    }

    private static double[] spread(float[][] set, double[] centroid) {
        double sumSquares = 0;
        double sumNorms = 0;
        for (float[] x : set) {
            double s = 0;
            for (int j = 0; j < centroid.length; j++) {
                double diff = x[j] - centroid[j];
                s += diff * diff;
            }
            sumSquares += s;
            sumNorms += Math.sqrt(s);
        }
        return new double[] {sumSquares, sumNorms / set.length};
    }
}
