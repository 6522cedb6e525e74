package dev.warden.recovery.method;

import java.util.List;
import java.util.Locale;

/**
 * RECOVERY-METHOD.md "Schedule and selection" 2-3: after the warm-up's plain steps, the task score once; below
 * the floor, restart from F in restore + rollback mode, otherwise carry on with plain steps. Also taken on a
 * resume that stopped right after the warm-up. The decision is journaled ({@code rollbackMode}).
 */
final class WarmupDecision {

    private WarmupDecision() {
    }

    /**
     * Decides and returns the number of steps done: 0 after a restart from F, else the warm-up's.
     *
     * @param measured the task score of the warm-up's last step when it was measured, else null (measured here)
     */
    static int decide(RepairRun run, WorkingModel w, Evaluator eval, Double measured) {
        int step = run.state().rows().size();
        double warm = measured != null ? measured : eval.taskScore(w.model());
        if (warm < run.floor()) {
            run.emitMeasured(RepairPhase.RESTORE_ROLLBACK, 0, null, warm, String.format(Locale.ROOT,
                    "warm-up below the floor (task %.3f < %.3f): restarting from the fine-tuned model "
                            + "with rollback", warm, run.floor()));
            run.state(run.state().withMode(true, List.of()));
            w.resetToFineTuned();
            w.zeroGradients();
            run.restoredTotal(0);
            step = 0;
        } else {
            run.state(run.state().withMode(false, run.state().rows()));
            run.emitMeasured(RepairPhase.RESTORE, step, null, warm, String.format(Locale.ROOT,
                    "warm-up kept the task above the floor (%.3f >= %.3f): plain restore steps", warm,
                    run.floor()));
        }
        run.save();
        return step;
    }
}
