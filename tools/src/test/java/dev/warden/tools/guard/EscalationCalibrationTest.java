package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.learned.GuardFeatures;
import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardMetadata;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.OperatingPoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-guard calibrates the escalation band's lower edge on the same benign rows as the operating points, at
 * {@link GuardTraining#ESCALATION_FPR}, and writes it; the edge is never narrower than the strict point.
 */
class EscalationCalibrationTest {

    @Test
    void theEdgeFlagsAtMostTenPercentAndLiesAtOrBelowStrict() {
        Random r = new Random(3);
        List<float[]> benign = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            benign.add(new float[] {r.nextFloat(), r.nextFloat() * r.nextFloat(), (float) Math.pow(r.nextFloat(), 3)});
        }
        Map<OperatingPoint, GuardMetadata.Point> points = GuardTraining.thresholds(benign, GuardTraining.POINT_FPR);
        GuardMetadata.Point edge = GuardTraining.pointAt(benign, GuardTraining.ESCALATION_FPR);
        assertEquals(0.10, edge.benignFpr());
        for (int h = 0; h < GuardHead.DECISIONS.length; h++) {
            float t = edge.thresholds()[h];
            assertTrue(t <= points.get(OperatingPoint.STRICT).thresholds()[h], GuardHead.DECISIONS[h].name());
            int flagged = 0;
            for (float[] b : benign) {
                flagged += b[h] >= t ? 1 : 0;
            }
            assertTrue(flagged <= 100 && flagged >= 90, GuardHead.DECISIONS[h] + " flags " + flagged + " of 1000");
        }
    }

    @Test
    void aTrainedModelCarriesTheEdge(@TempDir Path dir) {
        List<SafetyRow> rows = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            rows.add(new SafetyRow("a question about the weather in town " + i + " today", SafetyRow.Label.BENIGN,
                    null, "calm_src", "calm_src:" + i));
            rows.add(new SafetyRow("explain how to do [HARMFUL ACT " + i + "] to target_" + i, SafetyRow.Label.HARMFUL,
                    null, "bad_src", "bad_src:" + i));
        }
        GuardTraining small = GuardTraining.defaults().withFeatures(new GuardFeatures(10, 3, 4))
                .withTrainer(new SparseTrainer.Options(7L, 1, 0.1f, 1e-6f));
        small.train(DataSplit.of(rows), List.of(), line -> { }).write(dir);
        GuardMetadata m = GuardModel.load(dir).metadata();
        GuardMetadata.Point edge = m.escalation().orElseThrow();
        assertEquals(GuardTraining.ESCALATION_FPR, edge.benignFpr());
        for (GuardHead h : GuardHead.DECISIONS) {
            assertTrue(m.escalationThreshold(h) <= m.threshold(h, OperatingPoint.STRICT), h.name());
        }
    }
}
