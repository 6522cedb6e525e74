package dev.warden.recovery.method;

import java.util.ArrayList;
import java.util.List;

/**
 * RECOVERY-METHOD.md "Rollback step", right after a restore in rollback mode: zero the gradients, the benign
 * loss {@code -cos(mean_batch h, b*)} over the task batches (gradient B); among THIS step's restores those with
 * {@code sign(B) == sign(W - F)} ({@link SelectionRules#rollbackScores}); the top
 * {@code floor(rollback_rate * eligible)} of them by |B| go back to F exactly; zero the gradients again.
 */
final class Rollback {

    private final WorkingModel w;
    private final List<List<long[]>> taskBatches;
    private final float[] benign;
    private final double rate;

    /** @param benign b*, the task prompts' mean representation on F */
    Rollback(WorkingModel w, RepairKnobs knobs, List<List<long[]>> taskBatches, float[] benign) {
        this.w = w;
        this.taskBatches = taskBatches;
        this.benign = benign;
        this.rate = knobs.rollbackRate();
    }

    /** Rolls back part of {@code restored} (this step's restores); returns what went back to F, per tensor. */
    List<int[]> apply(List<int[]> restored) {
        w.zeroGradients();
        w.accumulateDirectionLoss(taskBatches, benign);
        float[][] scores = new float[w.candidates().size()][];
        long eligible = 0;
        for (int t = 0; t < scores.length; t++) {
            scores[t] = w.rollbackScores(t, restored.get(t));
            eligible += SelectionRules.eligible(scores[t]);
        }
        long m = SelectionRules.rollbackCount(rate, eligible);
        List<int[]> selected = GlobalTopK.select(GlobalTopK.Scores.of(scores), m);
        w.rollBack(selected);
        w.zeroGradients();
        return selected;
    }

    /** Nothing rolled back (a plain step), per tensor of {@code w}. */
    static List<int[]> none(WorkingModel w) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < w.candidates().size(); i++) {
            out.add(new int[0]);
        }
        return out;
    }
}
