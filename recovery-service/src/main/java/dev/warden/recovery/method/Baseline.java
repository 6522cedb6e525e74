package dev.warden.recovery.method;

import java.util.Locale;

/**
 * RECOVERY-METHOD.md "Schedule and selection" 1: F's task score S0 (hence the floor {@code (1 - drop) * S0})
 * and F's harmful rate, measured once and journaled.
 */
final class Baseline {

    private Baseline() {
    }

    static void measure(RepairRun run, WorkingModel w, Evaluator eval) {
        if (run.state().baselineTaskScore() != null) {
            return;
        }
        run.emit(RepairPhase.BASELINE, 0, "measuring the fine-tuned model");
        double task = eval.taskScore(w.model());
        double harmful = eval.harmfulRate(w.model());
        run.state(run.state().withBaseline(task, harmful, run.state().alignedHarmfulRate()));
        run.save();
        run.emitMeasured(RepairPhase.BASELINE, 0, harmful, task, String.format(Locale.ROOT,
                "fine-tuned model: harmful rate %.3f, task score %.3f (floor %.3f)", harmful, task, run.floor()));
    }
}
