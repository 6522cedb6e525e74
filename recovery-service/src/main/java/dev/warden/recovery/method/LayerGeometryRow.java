package dev.warden.recovery.method;

/**
 * Cluster-separation indices of safe vs unsafe prompts' hidden states at one layer (the proto's LayerGeometry).
 *
 * @param layer             layer index (0 = embeddings, i = output of decoder layer i-1)
 * @param daviesBouldin     lower is better separated
 * @param dunn              higher is better separated
 * @param xieBeni           lower is better separated
 * @param calinskiHarabasz  higher is better separated
 * @param alignmentIndex    the combined index in [0, 1]
 */
public record LayerGeometryRow(int layer, double daviesBouldin, double dunn, double xieBeni, double calinskiHarabasz,
                               double alignmentIndex) {
}
