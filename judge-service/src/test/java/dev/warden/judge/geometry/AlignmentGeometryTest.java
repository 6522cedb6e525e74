package dev.warden.judge.geometry;

import static dev.warden.judge.geometry.ClusterIndicesTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AlignmentGeometryTest {

    @Test
    void balancedRectangleAlignmentIndexByHand() {
        LayerGeometry g = AlignmentGeometry.measure(
                new LayerActivations(3, new float[][] {{0, 0}, {2, 0}}, new float[][] {{0, 4}, {2, 4}}));
        // XB = 1/16 -> 1 / (1 + 1/16) = 16/17; CH = 8, N = 4 -> 8 / (8 + 2) = 0.8 (= B / T = 16 / 20).
        assertEquals(0.5 * 16 / 17 + 0.5 * 0.8, g.alignmentIndex(), 1e-12);
        assertEquals(3, g.layer());
    }

    @Test
    void movingTheClustersApartRaisesTheIndexStrictly() {
        Random random = new Random(42);
        float[][] safe = gaussian(random, 30, 64, 0);
        float[][] unsafeNoise = gaussian(random, 25, 64, 0);
        // put both centroids at the same first coordinate, so every offset step moves the sets apart
        unsafeNoise = shiftFirstAxis(unsafeNoise, (float) (meanFirstAxis(safe) - meanFirstAxis(unsafeNoise)));
        LayerGeometry previous = null;
        for (float offset : new float[] {0f, 0.25f, 0.5f, 1f, 2f, 4f, 8f, 16f, 64f}) {
            float[][] unsafe = shiftFirstAxis(unsafeNoise, offset);
            LayerGeometry g = AlignmentGeometry.measure(new LayerActivations(0, safe, unsafe));
            assertTrue(g.alignmentIndex() >= 0 && g.alignmentIndex() <= 1, g.toString());
            if (previous != null) {
                String step = "offset " + offset;
                assertTrue(g.alignmentIndex() > previous.alignmentIndex(), step + ": index");
                assertTrue(g.xieBeni() < previous.xieBeni(), step + ": XB falls");
                assertTrue(g.calinskiHarabasz() > previous.calinskiHarabasz(), step + ": CH rises");
                assertTrue(g.daviesBouldin() < previous.daviesBouldin(), step + ": DB falls");
            }
            previous = g;
        }
        assertTrue(previous.alignmentIndex() > 0.9, "far apart: " + previous.alignmentIndex());
    }

    @Test
    void tighterClustersRaiseTheIndex() {
        float[][] looseA = {{-1, 0}, {1, 0}};
        float[][] looseB = {{-1, 5}, {1, 5}};
        float[][] tightA = {{-0.5f, 0}, {0.5f, 0}};
        float[][] tightB = {{-0.5f, 5}, {0.5f, 5}};
        double loose = AlignmentGeometry.measure(new LayerActivations(0, looseA, looseB)).alignmentIndex();
        double tight = AlignmentGeometry.measure(new LayerActivations(0, tightA, tightB)).alignmentIndex();
        assertTrue(tight > loose, tight + " vs " + loose);
    }

    @Test
    void layersComeBackAscendingWithTheBestLayer() {
        Random random = new Random(1);
        LayerActivations l0 = new LayerActivations(0, gaussian(random, 6, 8, 0), gaussian(random, 5, 8, 0.1f));
        LayerActivations l5 = new LayerActivations(5, gaussian(random, 6, 8, 0), gaussian(random, 5, 8, 6f));
        LayerActivations l2 = new LayerActivations(2, gaussian(random, 6, 4, 0), gaussian(random, 5, 4, 1f));
        GeometryReport report = AlignmentGeometry.measureLayers(List.of(l5, l0, l2));
        assertArrayEquals(new int[] {0, 2, 5}, report.layers().stream().mapToInt(LayerGeometry::layer).toArray());
        assertEquals(5, report.bestLayer());
        assertEquals(report.layers().get(2), report.best());
        assertEquals(6, report.safeCount());
        assertEquals(5, report.unsafeCount());
        assertEquals(AlignmentGeometry.measure(l2), report.layers().get(1));
    }

    @Test
    void aTieGoesToTheLowestLayer() {
        float[][] a = {{0, 0}, {2, 0}};
        float[][] b = {{0, 4}, {2, 4}};
        GeometryReport report = AlignmentGeometry.measureLayers(
                List.of(new LayerActivations(7, a, b), new LayerActivations(4, a, b)));
        assertEquals(4, report.bestLayer());
    }

    @Test
    void badLayerListsAreRejectedWithTheLayerNamed() {
        float[][] a = {{0, 0}, {2, 0}};
        float[][] b = {{0, 4}, {2, 4}};
        assertMessage("at least one layer is needed", () -> AlignmentGeometry.measureLayers(List.of()));
        assertMessage("layer 1 is given more than once", () -> AlignmentGeometry.measureLayers(
                List.of(new LayerActivations(1, a, b), new LayerActivations(1, a, b))));
        assertMessage("layer 3: has 3 safe and 2 unsafe vectors but layer 1 has 2 and 2; every layer must hold the"
                + " same inputs", () -> AlignmentGeometry.measureLayers(List.of(new LayerActivations(1, a, b),
                        new LayerActivations(3, new float[][] {{0, 0}, {1, 1}, {2, 2}}, b))));
        assertMessage("layer 2: unsafe[1][0] is NaN", () -> AlignmentGeometry.measureLayers(List.of(
                new LayerActivations(1, a, b), new LayerActivations(2, a, new float[][] {{0, 4}, {Float.NaN, 4}}))));
        assertMessage("layer must be >= 0, got -1", () -> AlignmentGeometry.measure(new LayerActivations(-1, a, b)));
    }

    @Test
    void badSetsAreRejectedWithAPreciseMessage() {
        float[][] ok = {{0, 0}, {1, 1}};
        assertMessage("safe has 1 vector; at least 2 are needed",
                () -> ClusterIndices.dunn(new float[][] {{1, 2}}, ok));
        assertMessage("unsafe has 0 vectors; at least 2 are needed", () -> ClusterIndices.xieBeni(ok, new float[0][]));
        assertMessage("safe is missing", () -> ClusterIndices.daviesBouldin(null, ok));
        assertMessage("unsafe[1] is missing", () -> ClusterIndices.daviesBouldin(ok, new float[][] {{1, 1}, null}));
        assertMessage("safe[2] has 3 values but safe[0] has 2",
                () -> ClusterIndices.calinskiHarabasz(new float[][] {{0, 0}, {1, 1}, {1, 2, 3}}, ok));
        assertMessage("unsafe vectors have 3 values but safe vectors have 2; both sets must come from the same layer",
                () -> ClusterIndices.calinskiHarabasz(ok, new float[][] {{0, 0, 0}, {1, 1, 1}}));
        assertMessage("safe[0] is empty; vectors need at least one value",
                () -> ClusterIndices.dunn(new float[][] {{}, {}}, ok));
        assertMessage("unsafe[0][1] is infinite",
                () -> ClusterIndices.dunn(ok, new float[][] {{0, Float.NEGATIVE_INFINITY}, {1, 1}}));
        assertMessage("safe[1][0] is NaN", () -> ClusterIndices.dunn(new float[][] {{0, 0}, {Float.NaN, 1}}, ok));
    }

    @Test
    void flatTensorsSplitIntoRows() {
        LayerActivations l = LayerActivations.ofFlat(4, new float[] {1, 2, 3, 4, 5, 6}, new float[] {7, 8, 9, 10}, 2);
        assertEquals(3, l.safe().length);
        assertArrayEquals(new float[] {5, 6}, l.safe()[2]);
        assertArrayEquals(new float[] {9, 10}, l.unsafe()[1]);
        assertMessage("unsafe has 5 values, not a multiple of the dimension 2",
                () -> LayerActivations.ofFlat(0, new float[] {1, 2}, new float[] {1, 2, 3, 4, 5}, 2));
        assertMessage("dimension must be > 0, got 0", () -> LayerActivations.ofFlat(0, new float[0], new float[0], 0));
    }

    @Test
    void indexWeightsAndTermsAreChecked() {
        assertEquals(1 / 1.25, AlignmentIndex.of(0.25, 3, 10, 1), 1e-15, "lambda 1: the XB term alone");
        assertEquals(3.0 / 11, AlignmentIndex.of(0.25, 3, 10, 0), 1e-15, "lambda 0: CH / (CH + N - 2)");
        assertEquals(1.0, AlignmentIndex.calinskiHarabaszTerm(Double.POSITIVE_INFINITY, 4));
        assertEquals(0.0, AlignmentIndex.xieBeniTerm(Double.POSITIVE_INFINITY));
        assertMessage("lambda must be in [0, 1], got 1.5", () -> AlignmentIndex.of(1, 1, 4, 1.5));
        assertMessage("Xie-Beni index must be >= 0, got NaN", () -> AlignmentIndex.of(Double.NaN, 1, 4));
        assertMessage("Calinski-Harabasz index must be >= 0, got -1.0", () -> AlignmentIndex.of(1, -1, 4));
        assertMessage("Calinski-Harabasz needs N >= 3 points, got 2", () -> AlignmentIndex.of(1, 1, 2));
    }

    private static double meanFirstAxis(float[][] x) {
        double sum = 0;
        for (float[] row : x) {
            sum += row[0];
        }
        return sum / x.length;
    }

    private static float[][] shiftFirstAxis(float[][] x, float offset) {
        float[][] y = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
            y[i][0] += offset;
        }
        return y;
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }
}
