package dev.warden.recovery.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one global top-k: no per-tensor quota, exact, deterministic ties. */
class GlobalTopKTest {

    static GlobalTopK.Scores scores(float[]... arrays) {
        return GlobalTopK.Scores.of(arrays);
    }

    @Test
    void theTopKIsGlobalSoOneTensorCanTakeEveryPick() {
        float[] layer0 = {9, 8, 7, 6};
        float[] layer1 = {1, 2, 3, 0};
        List<int[]> picked = GlobalTopK.select(scores(layer0, layer1), 3);
        assertArrayEquals(new int[] {0, 1, 2}, picked.get(0));
        assertArrayEquals(new int[0], picked.get(1), "a per-layer quota would have taken some of layer 1");
    }

    @Test
    void zeroScoresAreNeverPickedAndFewerEligibleThanKTakesThemAll() {
        List<int[]> picked = GlobalTopK.select(scores(new float[] {0, 5, 0}, new float[] {0, 0, 1}), 10);
        assertArrayEquals(new int[] {1}, picked.get(0));
        assertArrayEquals(new int[] {2}, picked.get(1));
        assertEquals(0, GlobalTopK.count(GlobalTopK.select(scores(new float[] {3, 4}), 0)));
    }

    @Test
    void tiesAtTheThresholdGoToTheEarliestEntriesInTensorThenIndexOrder() {
        List<int[]> two = GlobalTopK.select(scores(new float[] {2, 5, 2}, new float[] {2, 2}), 2);
        assertArrayEquals(new int[] {0, 1}, two.get(0)); // the 5, then the first tie
        assertArrayEquals(new int[0], two.get(1));
        List<int[]> four = GlobalTopK.select(scores(new float[] {2, 5, 2}, new float[] {2, 2}), 4);
        assertArrayEquals(new int[] {0, 1, 2}, four.get(0));
        assertArrayEquals(new int[] {0}, four.get(1));
    }

    @Test
    void itAgreesWithAFullSortOnRandomScoresOfManyMagnitudes() {
        Random rng = new Random(7);
        float[][] arrays = new float[5][];
        List<long[]> all = new ArrayList<>(); // bits, tensor, index
        for (int t = 0; t < arrays.length; t++) {
            arrays[t] = new float[1000 + t * 37];
            for (int i = 0; i < arrays[t].length; i++) {
                float v = rng.nextInt(4) == 0 ? 0 : (float) Math.exp(rng.nextGaussian() * 6);
                if (rng.nextInt(50) == 0) {
                    v = 0.125f; // plenty of exact ties
                }
                arrays[t][i] = v;
                if (v > 0) {
                    all.add(new long[] {Float.floatToRawIntBits(v), t, i});
                }
            }
        }
        all.sort(Comparator.<long[]>comparingLong(x -> -x[0]).thenComparingLong(x -> x[1]).thenComparingLong(x -> x[2]));
        for (int k : new int[] {1, 17, 500, 2000, all.size()}) {
            List<int[]> picked = GlobalTopK.select(scores(arrays), k);
            assertEquals(k, GlobalTopK.count(picked));
            List<List<Integer>> expected = new ArrayList<>();
            for (int t = 0; t < arrays.length; t++) {
                expected.add(new ArrayList<>());
            }
            float kth = Float.intBitsToFloat((int) all.get(k - 1)[0]);
            long strictlyAbove = all.stream().filter(x -> Float.intBitsToFloat((int) x[0]) > kth).count();
            // every entry above the k-th value is picked; ties at the k-th value fill up in (tensor, index) order
            List<long[]> ties = all.stream().filter(x -> Float.intBitsToFloat((int) x[0]) == kth)
                    .sorted(Comparator.<long[]>comparingLong(x -> x[1]).thenComparingLong(x -> x[2])).toList();
            all.stream().filter(x -> Float.intBitsToFloat((int) x[0]) > kth)
                    .forEach(x -> expected.get((int) x[1]).add((int) x[2]));
            ties.stream().limit(k - strictlyAbove).forEach(x -> expected.get((int) x[1]).add((int) x[2]));
            for (int t = 0; t < arrays.length; t++) {
                int[] e = expected.get(t).stream().mapToInt(Integer::intValue).sorted().toArray();
                assertArrayEquals(e, picked.get(t), "k=" + k + " tensor " + t);
            }
        }
        assertEquals(all.size(), GlobalTopK.count(GlobalTopK.select(scores(arrays), all.size() + 5)));
    }
}
