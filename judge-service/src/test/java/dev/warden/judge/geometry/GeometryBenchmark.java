package dev.warden.judge.geometry;

import java.util.Random;

/**
 * Prints how long one layer's measurement takes at realistic sizes (not a test: no timed assertions).
 *
 * <p>Run after {@code ./mvnw -o -pl judge-service -am test-compile}:
 * {@code java -cp judge-service/target/classes:judge-service/target/test-classes
 * dev.warden.judge.geometry.GeometryBenchmark}
 */
public final class GeometryBenchmark {

    private GeometryBenchmark() {
    }

    /** Measures n_safe = n_unsafe in {100, 200, 300} at d in {1024, 4096}, best of three after warm-up. */
    public static void main(String[] args) {
        Random random = new Random(1);
        int[][] shapes = {{100, 1024}, {100, 4096}, {200, 4096}, {300, 4096}};
        for (int[] shape : shapes) {
            int n = shape[0];
            int d = shape[1];
            LayerActivations layer = new LayerActivations(0, ClusterIndicesTest.gaussian(random, n, d, 0),
                    ClusterIndicesTest.gaussian(random, n, d, 0.3f));
            AlignmentGeometry.measure(layer); // warm-up
            long best = Long.MAX_VALUE;
            double sink = 0;
            for (int rep = 0; rep < 3; rep++) {
                long start = System.nanoTime();
                sink += AlignmentGeometry.measure(layer).alignmentIndex();
                best = Math.min(best, System.nanoTime() - start);
            }
            long pairs = (long) (2 * n) * (2 * n - 1) / 2;
            System.out.printf("n_safe=n_unsafe=%d d=%d: %.1f ms per layer (%d pairs, %.2f GFLOP/s) [%.3f]%n", n, d,
                    best / 1e6, pairs, 3.0 * pairs * d / best, sink / 3);
        }
    }
}
