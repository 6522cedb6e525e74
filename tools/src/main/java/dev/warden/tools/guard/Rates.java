package dev.warden.tools.guard;

import dev.warden.model.stats.Interval;
import dev.warden.model.stats.Proportions;
import dev.warden.tools.judge.classifier.BinaryMetrics;
import java.util.Arrays;
import java.util.Locale;

/**
 * Threshold choice and ranking metrics over scores, and how sure a rate is: the 95% Wilson score interval of a
 * count out of rows ({@link #wilson}, the formula of {@link Proportions#wilson}), printed beside the rate.
 */
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
     * {@code positives} against {@code negatives}; NaN without positives. The same figure as
     * {@link BinaryMetrics#averagePrecision}, which computes it.
     */
    public static double auprc(float[] positives, float[] negatives) {
        float[] all = new float[positives.length + negatives.length];
        boolean[] label = new boolean[all.length];
        System.arraycopy(positives, 0, all, 0, positives.length);
        Arrays.fill(label, 0, positives.length, true);
        System.arraycopy(negatives, 0, all, positives.length, negatives.length);
        return BinaryMetrics.averagePrecision(all, label, positives.length);
    }

    /** The 95% Wilson score interval of {@code k} of {@code n} (0 <= k <= n, n > 0). */
    public static Interval wilson(int k, int n) {
        return Proportions.wilson(k, n, Proportions.Z95);
    }

    /**
     * The 95% Wilson interval of {@code k} of {@code n} as {@code [low, high]} with {@code decimals} decimals, or
     * {@code -} when {@code n} is under {@code minRows} (or 0): too few rows for an interval worth printing.
     */
    public static String interval(int k, int n, int decimals, int minRows) {
        if (n == 0 || n < minRows) {
            return "-";
        }
        Interval w = wilson(k, n);
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, "[" + f + ", " + f + "]", w.low(), w.high());
    }
}
