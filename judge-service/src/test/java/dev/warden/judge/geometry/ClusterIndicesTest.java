package dev.warden.judge.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusterIndicesTest {

    private static final double EPS = 1e-12;

    /** A = {(0,0), (2,0)}, B = {(0,4), (2,4)}: centroids (1,0) and (1,4), 4 apart. */
    private static final float[][] SQUARE_A = {{0, 0}, {2, 0}};
    private static final float[][] SQUARE_B = {{0, 4}, {2, 4}};

    @Test
    void balancedRectangleByHand() {
        // s_a = s_b = 1, ||c_a - c_b|| = 4: DB = (1 + 1) / 4.
        assertEquals(0.5, ClusterIndices.daviesBouldin(SQUARE_A, SQUARE_B), EPS);
        // closest cross pair 4 apart, both diameters 2.
        assertEquals(2.0, ClusterIndices.dunn(SQUARE_A, SQUARE_B), EPS);
        // W = 1 + 1 + 1 + 1 = 4, N = 4, ||c_a - c_b||^2 = 16: XB = 4 / 64.
        assertEquals(1.0 / 16, ClusterIndices.xieBeni(SQUARE_A, SQUARE_B), EPS);
        // B = (2 * 2 / 4) * 16 = 16: CH = 16 * (4 - 2) / 4.
        assertEquals(8.0, ClusterIndices.calinskiHarabasz(SQUARE_A, SQUARE_B), EPS);
    }

    @Test
    void unbalancedSetsByHand() {
        float[][] a = {{0, 0}, {1, 0}, {2, 0}};
        float[][] b = {{0, 3}, {0, 5}};
        // c_a = (1,0), c_b = (0,4), ||c_a - c_b||^2 = 17; s_a = 2/3, s_b = 1.
        assertEquals((2.0 / 3 + 1) / Math.sqrt(17), ClusterIndices.daviesBouldin(a, b), EPS);
        // closest cross pair (0,0)-(0,3) = 3; diameters 2 and 2.
        assertEquals(1.5, ClusterIndices.dunn(a, b), EPS);
        // W = 2 + 2, N = 5.
        assertEquals(4.0 / 85, ClusterIndices.xieBeni(a, b), EPS);
        // B = (3 * 2 / 5) * 17 = 20.4; CH = 20.4 * 3 / 4.
        assertEquals(15.3, ClusterIndices.calinskiHarabasz(a, b), 1e-12);
    }

    @Test
    void agreesWithAnIndependentNumpyComputation() {
        // Expected values from numpy (broadcast pairwise distances, sklearn's DB and CH definitions).
        float[][] a = {{1, 2, 0}, {2, 1, 1}, {0, 0, 1}, {1.5f, 2.5f, 0.5f}, {0.5f, 1, 2}};
        float[][] b = {{4, 5, 3}, {5, 4, 4}, {3, 6, 5}, {4.5f, 4.5f, 2.5f}};
        assertEquals(0.47669283438130094, ClusterIndices.daviesBouldin(a, b), 1e-12);
        assertEquals(1.2575354264740257, ClusterIndices.dunn(a, b), 1e-12);
        assertEquals(0.06140015523812834, ClusterIndices.xieBeni(a, b), 1e-12);
        assertEquals(28.1496855345912, ClusterIndices.calinskiHarabasz(a, b), 1e-10);
        assertEquals(0.8715017202459581, AlignmentGeometry.measure(new LayerActivations(0, a, b)).alignmentIndex(),
                1e-12);
    }

    @Test
    void calinskiHarabaszTimesXieBeniDependsOnlyOnTheCounts() {
        // For two crisp clusters CH * XB = (N - 2) n_a n_b / N^2, whatever the points.
        Random random = new Random(7);
        float[][] a = gaussian(random, 9, 16, 0);
        float[][] b = gaussian(random, 5, 16, 1.5f);
        double product = ClusterIndices.calinskiHarabasz(a, b) * ClusterIndices.xieBeni(a, b);
        assertEquals(12.0 * 9 * 5 / (14 * 14), product, 1e-9);
    }

    @Test
    void uniformScalingAndTranslationChangeNoIndex() {
        Random random = new Random(11);
        float[][] a = gaussian(random, 12, 8, 0);
        float[][] b = gaussian(random, 10, 8, 2);
        LayerGeometry base = AlignmentGeometry.measure(new LayerActivations(0, a, b));
        for (float scale : new float[] {1000f, 0.001f}) {
            LayerGeometry scaled = AlignmentGeometry.measure(
                    new LayerActivations(0, transform(a, scale, 0), transform(b, scale, 0)));
            assertRelativelyEqual(base.calinskiHarabasz(), scaled.calinskiHarabasz(), "CH x" + scale);
            assertRelativelyEqual(base.daviesBouldin(), scaled.daviesBouldin(), "DB x" + scale);
            assertRelativelyEqual(base.xieBeni(), scaled.xieBeni(), "XB x" + scale);
            assertRelativelyEqual(base.dunn(), scaled.dunn(), "Dunn x" + scale);
            assertRelativelyEqual(base.alignmentIndex(), scaled.alignmentIndex(), "index x" + scale);
        }
        LayerGeometry moved = AlignmentGeometry.measure(
                new LayerActivations(0, transform(a, 1, 25), transform(b, 1, 25)));
        assertRelativelyEqual(base.calinskiHarabasz(), moved.calinskiHarabasz(), "CH translated");
        assertRelativelyEqual(base.daviesBouldin(), moved.daviesBouldin(), "DB translated");
    }

    @Test
    void swappingTheSetsChangesNoIndex() {
        float[][] a = {{0, 0}, {1, 0}, {2, 0}};
        float[][] b = {{0, 3}, {0, 5}};
        assertEquals(ClusterIndices.daviesBouldin(a, b), ClusterIndices.daviesBouldin(b, a), EPS);
        assertEquals(ClusterIndices.dunn(a, b), ClusterIndices.dunn(b, a), EPS);
        assertEquals(ClusterIndices.xieBeni(a, b), ClusterIndices.xieBeni(b, a), EPS);
        assertEquals(ClusterIndices.calinskiHarabasz(a, b), ClusterIndices.calinskiHarabasz(b, a), EPS);
    }

    @Test
    void identicalPointsMeanNoSeparationNotAnError() {
        // Last-token pooling at layer 0: every prompt ends on the same template token.
        float[][] same = {{1, 2, 3}, {1, 2, 3}};
        float[][] alsoSame = {{1, 2, 3}, {1, 2, 3}};
        LayerGeometry g = AlignmentGeometry.measure(new LayerActivations(0, same, alsoSame));
        assertEquals(Double.POSITIVE_INFINITY, g.daviesBouldin());
        assertEquals(Double.POSITIVE_INFINITY, g.xieBeni());
        assertEquals(0.0, g.calinskiHarabasz());
        assertEquals(0.0, g.dunn());
        assertEquals(0.0, g.alignmentIndex());
    }

    @Test
    void pointClustersApartArePerfectlySeparated() {
        float[][] a = {{0, 0}, {0, 0}};
        float[][] b = {{3, 4}, {3, 4}, {3, 4}};
        LayerGeometry g = AlignmentGeometry.measure(new LayerActivations(0, a, b));
        assertEquals(0.0, g.daviesBouldin());
        assertEquals(0.0, g.xieBeni());
        assertEquals(Double.POSITIVE_INFINITY, g.calinskiHarabasz());
        assertEquals(Double.POSITIVE_INFINITY, g.dunn());
        assertEquals(1.0, g.alignmentIndex());
    }

    @Test
    void unrolledDistanceMatchesTheNaiveSumForEveryRemainder() {
        Random random = new Random(3);
        for (int d = 1; d <= 9; d++) {
            float[] x = gaussian(random, 1, d, 0)[0];
            float[] y = gaussian(random, 1, d, 1)[0];
            double naive = 0;
            for (int j = 0; j < d; j++) {
                naive += ((double) x[j] - y[j]) * ((double) x[j] - y[j]);
            }
            assertEquals(naive, Extremes.squaredDistance(x, y), 1e-12, "d = " + d);
        }
    }

    @Test
    void highDimensionalSetsGiveFiniteBoundedResults() {
        Random random = new Random(5);
        LayerGeometry g = AlignmentGeometry.measure(
                new LayerActivations(12, gaussian(random, 24, 4096, 0), gaussian(random, 20, 4096, 0.2f)));
        assertTrue(g.alignmentIndex() > 0 && g.alignmentIndex() < 1, "index " + g.alignmentIndex());
        assertTrue(Double.isFinite(g.daviesBouldin()) && g.dunn() > 0, g.toString());
    }

    static float[][] gaussian(Random random, int n, int d, float mean) {
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = mean + (float) random.nextGaussian();
            }
        }
        return x;
    }

    private static float[][] transform(float[][] x, float scale, float shift) {
        float[][] y = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = new float[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                y[i][j] = x[i][j] * scale + shift;
            }
        }
        return y;
    }

    private static void assertRelativelyEqual(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-5, what);
    }
}
