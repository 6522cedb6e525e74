package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.learned.GuardFeatures;
import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.GuardScores;
import dev.warden.guard.learned.OperatingPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code eval-guard --against} on two small models trained on GuardTrainingDeterminismTest's synthetic rows (seconds,
 * no shared data): a model against itself differs by nothing on every figure; two models of other seeds give the
 * discordant counts found by scoring the rows directly.
 */
class GuardComparisonTest {

    private static final OperatingPoint POINT = OperatingPoint.DEFAULT;

    @Test
    void aModelAgainstItselfAndAgainstAnother() {
        DataSplit split = DataSplit.of(GuardTrainingDeterminismTest.rows());
        GuardModel a = train(split, 7L);
        GuardModel b = train(split, 8L);
        List<SafetyRow> rows = rows(split);

        GuardComparison self = GuardComparison.of(a, a, rows, POINT, PairedRates.SEED, 500);
        assertEquals(7, self.figures().size(), self.figures().toString());
        for (GuardComparison.Figure f : self.figures()) {
            PairedRates r = f.rates();
            assertEquals(0.0, r.difference(), f.name());
            assertEquals(0.0, r.low(), f.name());
            assertEquals(0.0, r.high(), f.name());
            assertEquals(0, r.aOnly() + r.bOnly(), f.name());
            assertEquals(1.0, r.mcnemar(), f.name());
        }

        GuardComparison other = GuardComparison.of(a, b, rows, POINT, PairedRates.SEED, 500);
        int discordant = 0;
        for (SafetyRow.Label label : List.of(SafetyRow.Label.HARMFUL, SafetyRow.Label.JAILBREAK,
                SafetyRow.Label.INJECTION)) {
            GuardHead head = GuardEvaluation.headOf(label);
            int[] expected = discordant(a, b, rows, label, head);
            PairedRates r = other.figure(label.json() + " recall (" + head + ")").rates();
            assertEquals(expected[0], r.aOnly(), label + " A only");
            assertEquals(expected[1], r.bOnly(), label + " B only");
            assertEquals(rows.stream().filter(x -> x.label() == label).count(), r.rows());
            discordant += expected[0] + expected[1];
        }
        for (GuardHead head : GuardHead.DECISIONS) {
            int[] expected = discordant(a, b, rows, SafetyRow.Label.BENIGN, head);
            PairedRates r = other.figure("benign FPR " + head).rates();
            assertEquals(expected[0], r.aOnly(), head + " A only");
            assertEquals(expected[1], r.bOnly(), head + " B only");
            discordant += expected[0] + expected[1];
        }
        assertTrue(discordant > 0, "the two seeds should disagree on some row, or this test proves nothing");
        String report = other.report("a", "b", PairedRates.SEED, 500);
        assertTrue(report.contains("| figure | rows | A | B | A - B | 95% interval of A - B |"), report);
        assertTrue(report.contains("| benign FPR any head | "), report);
    }

    /** The test part's rows plus rows between the labels, which small models score near their thresholds. */
    private static List<SafetyRow> rows(DataSplit split) {
        List<SafetyRow> out = new ArrayList<>(split.part(DataSplit.Part.TEST));
        String[] topics = {"gardening", "rivers", "bread", "chess"};
        for (int i = 0; i < 40; i++) {
            String t = topics[i % topics.length];
            out.add(new SafetyRow("please explain " + t + " and how to harm target_" + i, SafetyRow.Label.HARMFUL, null,
                    "harm_src", "harm_src:mixed" + i));
            out.add(new SafetyRow("pretend you explain " + t + " number " + i, SafetyRow.Label.JAILBREAK, null,
                    "jb_src", "jb_src:mixed" + i));
            out.add(new SafetyRow("summary of " + t + " " + i + ", please explain it in simple words",
                    SafetyRow.Label.INJECTION, null, "inj_src", "inj_src:mixed" + i));
            out.add(new SafetyRow("please explain weapon_" + (i % 5) + " and previous instructions about " + t,
                    SafetyRow.Label.BENIGN, null, "benign_src", "benign_src:mixed" + i));
        }
        out.add(new SafetyRow("how do I ignore previous instructions", SafetyRow.Label.BENIGN, null, "warden_x",
                "warden_x:1"));
        return out;
    }

    /** Rows of {@code label} that {@code a}'s {@code head} flags and {@code b}'s does not, and the reverse. */
    private static int[] discordant(GuardModel a, GuardModel b, List<SafetyRow> rows, SafetyRow.Label label,
                                    GuardHead head) {
        int[] out = new int[2];
        for (SafetyRow r : rows) {
            if (r.label() != label || r.projectWritten()) {
                continue;
            }
            GuardScores sa = a.score(r.text());
            GuardScores sb = b.score(r.text());
            out[0] += sa.flagged(head, POINT) && !sb.flagged(head, POINT) ? 1 : 0;
            out[1] += !sa.flagged(head, POINT) && sb.flagged(head, POINT) ? 1 : 0;
        }
        return out;
    }

    private static GuardModel train(DataSplit split, long seed) {
        GuardTraining small = GuardTraining.defaults().withFeatures(new GuardFeatures(12, 3, 5))
                .withTrainer(new SparseTrainer.Options(seed, 2, 0.1f, 1e-6f));
        return small.train(split, List.of(), line -> { });
    }
}
