package dev.warden.recovery.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every element-wise rule of the method on hand-computed arrays. */
class SelectionRulesTest {

    @Test
    void theSignFilterKeepsOnlyEntriesWhereMovingTowardTheAlignedValueLowersTheLoss() {
        //              d = w - a:  +1    -1    +1    -2     0     +3
        float[] w = {2, 0, 5, -1, 4, 7};
        float[] a = {1, 1, 4, 1, 4, 4};
        float[] g = {0.5f, -0.25f, -3f, 0f, 9f, 2f};
        // entry 0: d>0, g>0 -> |g|; 1: d<0, g<0 -> |g|; 2: signs differ -> 0; 3: g == 0 -> 0;
        // 4: already equal to A (d == 0) -> 0, never picked again; 5: d>0, g>0 -> |g|
        assertArrayEquals(new float[] {0.5f, 0.25f, 0, 0, 0, 2f}, SelectionRules.restoreScores(g, w, a));
    }

    @Test
    void theRollbackFilterLooksOnlyAtThisStepsRestoresWithTheBenignGradientsSign() {
        float[] w = {1, 1, 1, 1, 1};
        float[] f = {0, 2, 0, 0, 1};
        float[] b = {2f, -3f, -1f, 4f, 5f};
        int[] restoredThisStep = {0, 1, 2, 4};
        // 0: w-f=+1, b>0 -> 2; 1: w-f=-1, b<0 -> 3; 2: signs differ -> 0; 3: not restored this step -> 0;
        // 4: w == f -> 0
        assertArrayEquals(new float[] {2f, 3f, 0, 0, 0}, SelectionRules.rollbackScores(b, w, f, restoredThisStep));
    }

    @Test
    void kIsTheCeilingOfTheRateTimesAllDecoderParametersAndRollbackTakesTheFloorOfItsShare() {
        assertEquals(3149, SelectionRules.restoreCount(0.002, 1_574_400));
        assertEquals(1, SelectionRules.restoreCount(0.002, 10));
        assertEquals(2, SelectionRules.rollbackCount(0.2, 10));
        assertEquals(1, SelectionRules.rollbackCount(0.2, 9));
        assertEquals(0, SelectionRules.rollbackCount(0.2, 4));
        assertEquals(3, SelectionRules.eligible(new float[] {0, 1, 2, 0, 3}));
    }

    @Test
    void rollbackRevertsTheTopTwentyPercentByBenignGradientAmongTheEligibleRestoresOfAllTensors() {
        // two tensors; this step restored 6 + 4 entries; 5 + 5 are eligible by sign? build them so:
        float[] w1 = {1, 1, 1, 1, 1, 1};
        float[] f1 = {0, 0, 0, 0, 0, 0};
        float[] b1 = {1f, 6f, -2f, 3f, 0.5f, 8f}; // eligible (b > 0): 0, 1, 3, 4, 5
        float[] w2 = {1, 1, 1, 1};
        float[] f2 = {0, 0, 0, 0};
        float[] b2 = {7f, 2f, 9f, 4f}; // all eligible
        float[][] scores = {
            SelectionRules.rollbackScores(b1, w1, f1, new int[] {0, 1, 2, 3, 4, 5}),
            SelectionRules.rollbackScores(b2, w2, f2, new int[] {0, 1, 2, 3})};
        long eligible = SelectionRules.eligible(scores[0]) + SelectionRules.eligible(scores[1]);
        assertEquals(9, eligible);
        long m = SelectionRules.rollbackCount(0.2, eligible); // floor(1.8) = 1
        assertEquals(1, m);
        List<int[]> picked = GlobalTopK.select(GlobalTopKTest.scores(scores), m);
        assertArrayEquals(new int[0], picked.get(0));
        assertArrayEquals(new int[] {2}, picked.get(1)); // |B| = 9, the largest over both tensors
        long m2 = SelectionRules.rollbackCount(0.5, eligible); // 4: 9, 8, 7, 6
        List<int[]> four = GlobalTopK.select(GlobalTopKTest.scores(scores), m2);
        assertArrayEquals(new int[] {1, 5}, four.get(0));
        assertArrayEquals(new int[] {0, 2}, four.get(1));
    }
}
