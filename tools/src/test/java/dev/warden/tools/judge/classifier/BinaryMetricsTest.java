package dev.warden.tools.judge.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    @Test
    void precisionRecallF1AtTheThreshold() {
        float[] scores = {0.9f, 0.8f, 0.7f, 0.2f, 0.1f};
        boolean[] labels = {true, false, true, true, false};
        BinaryMetrics m = BinaryMetrics.of(scores, labels, 0.5f);
        assertEquals(2.0 / 3, m.precision(), 1e-9);
        assertEquals(2.0 / 3, m.recall(), 1e-9);
        assertEquals(2.0 / 3, m.f1(), 1e-9);
        assertEquals(3, m.positives());
    }

    @Test
    void averagePrecisionOfAPerfectAndOfAnInterleavedRanking() {
        assertEquals(1.0, BinaryMetrics.of(new float[] {0.9f, 0.8f, 0.1f}, new boolean[] {true, true, false}, 0.5f).auprc(), 1e-9);
        // ranks: +, -, +  -> AP = (1/2)(1/1) + (1/2)(2/3)
        assertEquals(0.5 + 1.0 / 3, BinaryMetrics.of(new float[] {0.9f, 0.8f, 0.7f}, new boolean[] {true, false, true}, 0.5f).auprc(), 1e-9);
        // all tied: one level, AP = precision of the whole set
        assertEquals(0.5, BinaryMetrics.of(new float[] {0.5f, 0.5f}, new boolean[] {true, false}, 0.5f).auprc(), 1e-9);
        assertTrue(Double.isNaN(BinaryMetrics.of(new float[] {0.5f}, new boolean[] {false}, 0.5f).auprc()));
    }

    @Test
    void calibrationPicksTheBestF1Threshold() {
        float[] scores = {0.9f, 0.35f, 0.3f, 0.2f, 0.1f};
        boolean[] labels = {true, true, true, false, false};
        assertEquals(0.21f, ThresholdCalibration.bestF1(scores, labels), 1e-6);
        assertEquals(0.21f, ThresholdCalibration.decisiveHigh(scores, labels), 1e-6);
        assertEquals(0.29f, ThresholdCalibration.decisiveLow(scores, labels), 1e-6);
    }

    @Test
    void harmThresholdKeepsBenignFalsePositivesUnderTheirCaps() {
        // harmful at 0.9 and three at 0.2; 100 ordinary benign, one at 0.6, one at 0.15; no lookalikes
        int n = 104;
        float[] scores = new float[n];
        boolean[] labels = new boolean[n];
        boolean[] benign = new boolean[n];
        boolean[] lookalike = new boolean[n];
        for (int i = 0; i < 4; i++) {
            scores[i] = i == 0 ? 0.9f : 0.2f;
            labels[i] = true;
        }
        for (int i = 4; i < n; i++) {
            benign[i] = true;
            scores[i] = i == 4 ? 0.6f : i == 5 ? 0.15f : 0.01f;
        }
        // best F1 at 0.16..0.20 (all harmful caught, the 0.6 benign flagged: 1% of benign) is within a 1.5% cap
        assertEquals(0.16f, ThresholdCalibration.lowFalsePositive(scores, labels, benign, 0.015, lookalike, 0.06), 1e-6);
        assertEquals(0.01, ThresholdCalibration.flaggedShare(scores, benign, 0.16f), 1e-9);
        // a 0.5% cap forces the threshold above the benign 0.6 (the lowest such grid point)
        assertEquals(0.61f, ThresholdCalibration.lowFalsePositive(scores, labels, benign, 0.005, lookalike, 0.06), 1e-6);
        assertEquals(0.0, ThresholdCalibration.flaggedShare(scores, lookalike, 0.61f), 1e-9);
    }
}
