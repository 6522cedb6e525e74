package dev.warden.tools.judge.classifier;

import java.util.Arrays;

/**
 * Precision, recall, F1 at a threshold and the area under the precision-recall curve of one binary task.
 *
 * @param count     examples
 * @param positives examples labelled positive
 * @param precision TP / (TP + FP) at the threshold (1 when nothing is predicted positive)
 * @param recall    TP / (TP + FN) at the threshold (1 when there are no positives)
 * @param f1        harmonic mean of precision and recall
 * @param auprc     average precision: the precision-recall curve's area, threshold-free (NaN without positives)
 */
public record BinaryMetrics(int count, int positives, double precision, double recall, double f1, double auprc) {

    /**
     * Computes the metrics.
     *
     * @param scores    one score per example (higher means more positive)
     * @param labels    one label per example
     * @param threshold a score at or above it predicts positive
     */
    public static BinaryMetrics of(float[] scores, boolean[] labels, float threshold) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        int tp = 0;
        int fp = 0;
        int positives = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= threshold;
            if (labels[i]) {
                positives++;
                if (predicted) {
                    tp++;
                }
            } else if (predicted) {
                fp++;
            }
        }
        double precision = tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        double recall = positives == 0 ? 1.0 : (double) tp / positives;
        double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new BinaryMetrics(scores.length, positives, precision, recall, f1, averagePrecision(scores, labels, positives));
    }

    /**
     * Average precision: the sum over distinct score levels, from the highest down, of the recall gained at
     * the level times the precision there (tied scores form one level); NaN when {@code positives} is 0.
     *
     * @param scores    one score per example (higher means more positive)
     * @param labels    one label per example
     * @param positives how many labels are true
     */
    public static double averagePrecision(float[] scores, boolean[] labels, int positives) {
        if (positives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        double ap = 0;
        int tp = 0;
        int seen = 0;
        int i = 0;
        while (i < order.length) {
            float level = scores[order[i]];
            int levelTp = 0;
            while (i < order.length && scores[order[i]] == level) {
                seen++;
                if (labels[order[i]]) {
                    levelTp++;
                }
                i++;
            }
            tp += levelTp;
            ap += (double) levelTp / positives * tp / seen;
        }
        return ap;
    }
}
