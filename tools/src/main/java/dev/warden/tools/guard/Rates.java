package dev.warden.tools.guard;

import java.util.Arrays;

/** Threshold choice and ranking metrics over scores. */
public final class Rates {

    private Rates() {
    }

    /**
     * The smallest threshold at which at most {@code fpr} of {@code negatives} score at or above it: just
     * above the {@code floor(fpr * n)}-th highest negative score, clamped into (0, 1).
     */
    public static float thresholdAtFpr(float[] negatives, double fpr) {
        if (negatives.length == 0) {
            return 0.5f;
        }
        float[] sorted = negatives.clone();
        Arrays.sort(sorted);
        int allowed = (int) Math.floor(fpr * sorted.length);
        float kth = sorted[sorted.length - 1 - Math.min(allowed, sorted.length - 1)];
        return Math.min(0.999f, Math.max(1e-4f, Math.nextUp(kth)));
    }

    /** The share of {@code scores} at or above {@code threshold} (0 for none). */
    public static double share(float[] scores, float threshold) {
        int k = 0;
        for (float s : scores) {
            if (s >= threshold) {
                k++;
            }
        }
        return scores.length == 0 ? 0 : (double) k / scores.length;
    }

    /**
     * Average precision (the area under the precision-recall curve, tied scores forming one level) of
     * {@code positives} against {@code negatives}; NaN without positives.
     */
    public static double auprc(float[] positives, float[] negatives) {
        if (positives.length == 0) {
            return Double.NaN;
        }
        int n = positives.length + negatives.length;
        float[] all = new float[n];
        boolean[] label = new boolean[n];
        for (int i = 0; i < positives.length; i++) {
            all[i] = positives[i];
            label[i] = true;
        }
        System.arraycopy(negatives, 0, all, positives.length, negatives.length);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(all[b], all[a]));
        double ap = 0;
        int tp = 0;
        int seen = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            int levelTp = 0;
            while (j < n && all[order[j]] == all[order[i]]) {
                levelTp += label[order[j]] ? 1 : 0;
                j++;
            }
            tp += levelTp;
            seen = j;
            ap += (double) levelTp / positives.length * tp / seen;
            i = j;
        }
        return ap;
    }
}
