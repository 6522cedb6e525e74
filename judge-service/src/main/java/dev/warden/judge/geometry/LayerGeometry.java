package dev.warden.judge.geometry;

/**
 * Cluster-separation indices of safe vs unsafe activations at one layer; mirrors the proto message
 * {@code warden.v1.LayerGeometry}. See {@link ClusterIndices} for the formulas and the degenerate values
 * (+Infinity is possible for Davies-Bouldin, Dunn, Xie-Beni and Calinski-Harabasz) and
 * {@link AlignmentIndex} for the combined index.
 *
 * @param layer layer index (residual stream after {@code layer} decoder layers; 0 is the embeddings)
 * @param daviesBouldin Davies-Bouldin index, >= 0; lower is better separated
 * @param dunn Dunn index, >= 0; higher is better separated
 * @param xieBeni Xie-Beni index (crisp memberships), >= 0; lower is better separated
 * @param calinskiHarabasz Calinski-Harabasz index, >= 0; higher is better separated
 * @param alignmentIndex combined alignment index in [0, 1]; higher is better separated
 */
public record LayerGeometry(int layer, double daviesBouldin, double dunn, double xieBeni, double calinskiHarabasz,
        double alignmentIndex) {
}
