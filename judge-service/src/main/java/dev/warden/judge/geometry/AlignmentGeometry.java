package dev.warden.judge.geometry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The alignment-geometry diagnostic (AQI-style): how well safe and unsafe prompts separate in a model's
 * hidden states, per layer, by four cluster-validity indices ({@link ClusterIndices}) and the combined
 * {@link AlignmentIndex}.
 *
 * <p>Cost per layer with N = n_safe + n_unsafe points of dimension d: O(N d) for the centroid indices and
 * O(N^2 d) for Dunn, no distance matrix (O(d) extra memory). Layers are measured one after the other on
 * the calling thread; this is blocking work, keep it off an event loop.
 */
public final class AlignmentGeometry {

    private AlignmentGeometry() {
    }

    /**
     * Measures one layer.
     *
     * @param activations the layer's safe and unsafe activations
     * @return the four indices and the alignment index
     * @throws IllegalArgumentException when a set has fewer than two vectors, dimensions differ, a value
     *     is NaN or infinite, or the layer index is negative; the message names the set, row and column
     */
    public static LayerGeometry measure(LayerActivations activations) {
        if (activations == null) {
            throw new IllegalArgumentException("activations are missing");
        }
        if (activations.layer() < 0) {
            throw new IllegalArgumentException("layer must be >= 0, got " + activations.layer());
        }
        float[][] safe = activations.safe();
        float[][] unsafe = activations.unsafe();
        Activations.checkPair(safe, unsafe);
        Scatter scatter = Scatter.of(safe, unsafe);
        Extremes extremes = Extremes.of(safe, unsafe);
        double xieBeni = ClusterIndices.xieBeni(scatter);
        double calinskiHarabasz = ClusterIndices.calinskiHarabasz(scatter);
        return new LayerGeometry(activations.layer(), ClusterIndices.daviesBouldin(scatter),
                ClusterIndices.dunn(extremes), xieBeni, calinskiHarabasz,
                AlignmentIndex.of(xieBeni, calinskiHarabasz, scatter.total()));
    }

    /**
     * Measures several layers of the same inputs.
     *
     * @param layers at least one entry; distinct layer indices; the same number of safe and of unsafe
     *     vectors at every layer (the dimension may differ between layers)
     * @return one result per layer, ascending by layer index, and the best layer (highest alignment index,
     *     the lowest layer index on a tie)
     * @throws IllegalArgumentException for an empty list, a repeated layer, differing counts, or any problem
     *     {@link #measure} reports; the message starts with "layer k: " for a problem inside layer k
     */
    public static GeometryReport measureLayers(List<LayerActivations> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("at least one layer is needed");
        }
        List<LayerActivations> sorted = new ArrayList<>(layers);
        if (sorted.contains(null)) {
            throw new IllegalArgumentException("layers[" + sorted.indexOf(null) + "] is missing");
        }
        sorted.sort(Comparator.comparingInt(LayerActivations::layer));
        Set<Integer> seen = new HashSet<>();
        LayerActivations first = sorted.get(0);
        List<LayerGeometry> results = new ArrayList<>(sorted.size());
        for (LayerActivations layer : sorted) {
            if (!seen.add(layer.layer())) {
                throw new IllegalArgumentException("layer " + layer.layer() + " is given more than once");
            }
            try {
                checkSameCounts(first, layer);
                results.add(measure(layer));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + layer.layer() + ": " + e.getMessage(), e);
            }
        }
        LayerGeometry best = results.get(0);
        for (LayerGeometry g : results) {
            if (g.alignmentIndex() > best.alignmentIndex()) {
                best = g;
            }
        }
        return new GeometryReport(first.safe().length, first.unsafe().length, results, best.layer());
    }

    private static void checkSameCounts(LayerActivations first, LayerActivations layer) {
        if (first == layer || layer.safe() == null || layer.unsafe() == null || first.safe() == null
                || first.unsafe() == null) {
            return; // a missing set is reported by measure()
        }
        if (layer.safe().length != first.safe().length || layer.unsafe().length != first.unsafe().length) {
            throw new IllegalArgumentException("has " + layer.safe().length + " safe and " + layer.unsafe().length
                    + " unsafe vectors but layer " + first.layer() + " has " + first.safe().length + " and "
                    + first.unsafe().length + "; every layer must hold the same inputs");
        }
    }
}
