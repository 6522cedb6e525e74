package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link HiddenTrainer}'s members: a model of M members scores, on every input, the mean of the logits of the M
 * models trained alone from their own inits, computed here independently of the trainer and the scorer.
 */
class HiddenTrainerTest {

    private static final int BUCKETS = 64;
    private static final int HEADS = dev.warden.guard.learned.GuardHead.COUNT;

    @Test
    void membersAreJoinedSoThatTheLogitsAreTheMeanOfTheirs() {
        Data d = data();
        SparseTrainer.Options options = new SparseTrainer.Options(7L, 3, 0.05f, 1e-6f, 0, 2);
        HiddenTrainer.Result joined = train(d, new HiddenTrainer.Layout(16, 2, 1f), options);
        HiddenTrainer.Result first = train(d, HiddenTrainer.Layout.of(8), options);
        HiddenTrainer.Result second = train(d, HiddenTrainer.Layout.of(8),
                new SparseTrainer.Options(1007L, 3, 0.05f, 1e-6f, 0, 2));
        assertFalse(Arrays.equals(first.rows(), second.rows()), "the two members should start from different inits");
        for (int r = 0; r < d.indices.length; r++) {
            float[] a = logits(first, 8, d.indices[r], d.values[r]);
            float[] b = logits(second, 8, d.indices[r], d.values[r]);
            float[] mean = new float[HEADS];
            for (int k = 0; k < HEADS; k++) {
                mean[k] = (a[k] + b[k]) / 2;
            }
            assertArrayEquals(mean, logits(joined, 16, d.indices[r], d.values[r]), 1e-4f, "row " + r);
        }
        assertEquals((first.loss() + second.loss()) / 2, joined.loss(), 1e-9);
    }

    @Test
    void aSmallerInitScaleTrainsOtherRowsThatStillSeparateTheLabels() {
        Data d = data();
        SparseTrainer.Options options = new SparseTrainer.Options(7L, 3, 0.05f, 1e-6f, 0, 1);
        HiddenTrainer.Result wide = train(d, HiddenTrainer.Layout.of(8), options);
        HiddenTrainer.Result narrow = train(d, new HiddenTrainer.Layout(8, 1, 0.1f), options);
        assertFalse(Arrays.equals(wide.rows(), narrow.rows()));
        int right = 0;
        for (int r = 0; r < d.indices.length; r++) {
            float z = logits(narrow, 8, d.indices[r], d.values[r])[0];
            right += (z > 0) == (d.targets[r][0] > 0.5f) ? 1 : 0;
        }
        assertTrue(right > 0.9 * d.indices.length, right + " of " + d.indices.length + " separated");
    }

    @Test
    void layoutsThatCannotBeBuiltAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HiddenTrainer.Layout(16, 3, 1f));
        assertThrows(IllegalArgumentException.class, () -> new HiddenTrainer.Layout(16, 0, 1f));
        assertThrows(IllegalArgumentException.class, () -> new HiddenTrainer.Layout(16, 1, 0f));
    }

    private static HiddenTrainer.Result train(Data d, HiddenTrainer.Layout layout, SparseTrainer.Options options) {
        return HiddenTrainer.train(d.indices, d.values, d.targets, d.weights, BUCKETS, HEADS, layout, options, s -> { });
    }

    /** {@code z [K] = W2 ReLU(b1 + sum_e v_e rows[idx_e]) + b2}, written out. */
    private static float[] logits(HiddenTrainer.Result m, int hw, int[] idx, float[] val) {
        float[] h = m.layer().b1().clone();
        for (int e = 0; e < idx.length; e++) {
            for (int j = 0; j < hw; j++) {
                h[j] += val[e] * m.rows()[idx[e] * hw + j];
            }
        }
        float[] z = m.layer().b2().clone();
        for (int k = 0; k < HEADS; k++) {
            for (int j = 0; j < hw; j++) {
                z[k] += m.layer().w2()[k * hw + j] * Math.max(0f, h[j]);
            }
        }
        return z;
    }

    /** 200 rows of 4 features each; head 0 is positive when bucket 3 or bucket 5 is among them, head 1 noise, the rest unweighted. */
    private static Data data() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 200;
        Data d = new Data(new int[n][], new float[n][], new float[n][], new float[n][]);
        for (int r = 0; r < n; r++) {
            int[] idx = random.ints(4, 0, BUCKETS).toArray();
            d.indices[r] = idx;
            d.values[r] = new float[] {0.5f, 0.5f, 0.5f, 0.5f};
            boolean positive = Arrays.stream(idx).anyMatch(i -> i == 3 || i == 5) || r % 5 == 0;
            if (r % 5 == 0) {
                idx[0] = 3;
            }
            d.targets[r] = new float[HEADS];
            d.targets[r][0] = positive ? 1f : 0f;
            d.targets[r][1] = random.nextInt(2);
            d.weights[r] = new float[HEADS];
            d.weights[r][0] = 1f;
            d.weights[r][1] = 1f;
        }
        return d;
    }

    private record Data(int[][] indices, float[][] values, float[][] targets, float[][] weights) {
    }
}
