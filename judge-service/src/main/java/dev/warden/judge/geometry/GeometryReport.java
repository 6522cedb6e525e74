package dev.warden.judge.geometry;

import java.util.List;

/**
 * The alignment-geometry diagnostic over several layers (the arithmetic of the proto's
 * {@code AlignmentGeometryResponse}, model name aside).
 *
 * @param safeCount number of safe inputs (the same at every layer)
 * @param unsafeCount number of unsafe inputs
 * @param layers one entry per layer, ascending by layer index, at least one
 * @param bestLayer the layer with the highest alignment index; on a tie, the lowest such layer
 */
public record GeometryReport(int safeCount, int unsafeCount, List<LayerGeometry> layers, int bestLayer) {

    /** Copies the list; the record is immutable. */
    public GeometryReport {
        layers = List.copyOf(layers);
    }

    /** The entry of {@link #bestLayer()}. */
    public LayerGeometry best() {
        return layers.stream().filter(g -> g.layer() == bestLayer).findFirst().orElseThrow();
    }
}
