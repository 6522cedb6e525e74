package dev.warden.recovery.method;

import java.util.Locale;

/**
 * The swap-bound diagnostic of RECOVERY-METHOD.md "Where we go further": F with every candidate below the cut
 * set to A's values is measured. If even that removes less than half of F's harmful rate, compliance lives
 * above the cut and no restore below it can help: the summary says so and names the first higher cut that
 * would. Run once and journaled ({@link SwapBoundResult}).
 */
final class SwapBound {

    /** A swap is "repairable" when it removes at least this share of the fine-tuned harmful rate. */
    static final double REPAIRABLE_SHARE = 0.5;

    private SwapBound() {
    }

    static void measure(RepairRun run, WorkingModel w, Evaluator eval, int layers) {
        if (run.state().swapBound() != null) {
            return;
        }
        int cut = run.cut();
        run.emit(RepairPhase.SWAP_BOUND, 0, "swap bound: the fine-tuned model with the aligned layers 0.."
                + (cut - 1) + " put back");
        double baseline = run.state().baselineHarmfulRate();
        w.swapProjectionsBelow(cut, true);
        double harmful = eval.harmfulRate(w.model());
        double task = eval.taskScore(w.model());
        w.swapProjectionsBelow(cut, false);
        boolean repairable = baseline == 0 || harmful <= REPAIRABLE_SHARE * baseline;
        Integer suggested = null;
        if (!repairable) {
            for (int c = cut + 1; c <= layers && suggested == null; c++) {
                w.swapProjectionsBelow(c, true);
                double h = eval.harmfulRate(w.model());
                w.swapProjectionsBelow(c, false);
                if (h <= REPAIRABLE_SHARE * baseline) {
                    suggested = c;
                }
            }
        }
        String summary = summary(cut, baseline, harmful, task, repairable, suggested);
        run.state(run.state().withSwapBound(new SwapBoundResult(cut, harmful, task, repairable, suggested, summary)));
        run.save();
        run.emitMeasured(RepairPhase.SWAP_BOUND, 0, harmful, task, summary);
    }

    private static String summary(int cut, double baseline, double harmful, double task, boolean repairable,
                                  Integer suggested) {
        String head = String.format(Locale.ROOT, "with every candidate of layers 0..%d set to the aligned "
                + "values the harmful rate is %.3f (fine-tuned %.3f) at task score %.3f", cut - 1, harmful,
                baseline, task);
        if (baseline == 0) {
            return head + ": the fine-tuned model is not harmful on these probes; nothing to repair";
        }
        if (repairable) {
            return head + ": compliance lives below the cut, a restore there can work";
        }
        return head + ": compliance lives above the cut (a heavy fine-tune); no restore below layer " + cut
                + " can repair it" + (suggested != null ? "; cut layer " + suggested + " would"
                : "; no higher cut helps either");
    }
}
