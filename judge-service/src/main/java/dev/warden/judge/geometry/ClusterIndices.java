package dev.warden.judge.geometry;

/**
 * The four cluster-validity indices of two labelled sets of vectors (safe and unsafe activations of one
 * layer, each {@code float[n][d]}), with crisp memberships given by the labels (no clustering is run).
 *
 * <p>Legend: A, B the two sets with n_a, n_b points, N = n_a + n_b, d the dimension; c_a, c_b their
 * centroids, c the centroid of all N points; ||.|| the Euclidean norm; k = 2 clusters.
 *
 * <ul>
 *   <li>Davies-Bouldin: s_i = mean ||x - c_i|| over cluster i; for two clusters DB = (s_a + s_b) /
 *       ||c_a - c_b|| (the mean over clusters of the worst ratio R_ij, which for k = 2 is R_ab for both).
 *       Lower is better; scikit-learn's {@code davies_bouldin_score} definition.</li>
 *   <li>Dunn: min over x in A, y in B of ||x - y|| divided by the largest within-cluster diameter
 *       max over i of max over x, x' in cluster i of ||x - x'||. Higher is better.</li>
 *   <li>Xie-Beni with crisp memberships (u = 1 for the own cluster, 0 otherwise, so the fuzzifier m
 *       drops out): XB = W / (N min over i != j of ||c_i - c_j||^2), W = sum of ||x - c_own||^2.
 *       Lower is better.</li>
 *   <li>Calinski-Harabasz: CH = [B / (k - 1)] / [W / (N - k)] = B (N - 2) / W with B = n_a ||c_a - c||^2 +
 *       n_b ||c_b - c||^2. Higher is better; scikit-learn's {@code calinski_harabasz_score}.</li>
 * </ul>
 *
 * <p>Degenerate geometry does not throw, it reports "no separation" or "perfect separation": coincident
 * centroids give DB = XB = +Infinity; zero within-cluster scatter with distinct centroids gives CH =
 * +Infinity; all points identical gives CH = 0; a zero diameter gives Dunn = +Infinity when the sets are
 * apart and 0 when they touch. This happens for real: with last-token pooling, layer 0 (the embeddings)
 * of every chat prompt is the same template token.
 *
 * <p>Invariances: all four are invariant to translation and rotation; DB, XB, CH and Dunn are invariant to
 * uniform scaling (each is a ratio of two quantities of the same degree).
 */
public final class ClusterIndices {

    private ClusterIndices() {
    }

    /**
     * Davies-Bouldin index of the two sets.
     *
     * @throws IllegalArgumentException when a set has fewer than two vectors, dimensions differ, or a value
     *     is NaN or infinite
     */
    public static double daviesBouldin(float[][] safe, float[][] unsafe) {
        Activations.checkPair(safe, unsafe);
        return daviesBouldin(Scatter.of(safe, unsafe));
    }

    /**
     * Dunn index of the two sets (O(N^2 d)).
     *
     * @throws IllegalArgumentException as {@link #daviesBouldin}
     */
    public static double dunn(float[][] safe, float[][] unsafe) {
        Activations.checkPair(safe, unsafe);
        return dunn(Extremes.of(safe, unsafe));
    }

    /**
     * Xie-Beni index of the two sets with crisp memberships.
     *
     * @throws IllegalArgumentException as {@link #daviesBouldin}
     */
    public static double xieBeni(float[][] safe, float[][] unsafe) {
        Activations.checkPair(safe, unsafe);
        return xieBeni(Scatter.of(safe, unsafe));
    }

    /**
     * Calinski-Harabasz index of the two sets.
     *
     * @throws IllegalArgumentException as {@link #daviesBouldin}
     */
    public static double calinskiHarabasz(float[][] safe, float[][] unsafe) {
        Activations.checkPair(safe, unsafe);
        return calinskiHarabasz(Scatter.of(safe, unsafe));
    }

    static double daviesBouldin(Scatter s) {
        if (s.centroidDistanceSquared() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return (s.meanRadiusA() + s.meanRadiusB()) / Math.sqrt(s.centroidDistanceSquared());
    }

    static double dunn(Extremes e) {
        if (e.maxDiameter() == 0) {
            return e.minSeparation() > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return e.minSeparation() / e.maxDiameter();
    }

    static double xieBeni(Scatter s) {
        if (s.centroidDistanceSquared() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return s.within() / (s.total() * s.centroidDistanceSquared());
    }

    static double calinskiHarabasz(Scatter s) {
        double between = s.between();
        double within = s.within();
        if (within == 0) {
            return between > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return between * (s.total() - 2) / within;
    }
}
