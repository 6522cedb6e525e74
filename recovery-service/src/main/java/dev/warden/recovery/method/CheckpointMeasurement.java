package dev.warden.recovery.method;

import dev.warden.model.organism.ParityReport;

/**
 * RECOVERY-METHOD.md "Schedule and selection" 3: a checkpoint every {@code save_interval} steps and at the last
 * step, measured (harmful rate, task score and, when asked, the group parity of issue 15).
 *
 * @param harmfulRate the checkpoint's harmful rate
 * @param taskScore   its task score
 * @param parity      its group parity, or null when not measured
 */
record CheckpointMeasurement(double harmfulRate, double taskScore, ParityReport parity) {

    /** Whether {@code step} ends with a checkpoint. */
    static boolean due(RepairKnobs knobs, int step) {
        return step % knobs.saveInterval() == 0 || step == knobs.steps();
    }

    static CheckpointMeasurement measure(RepairRun run, WorkingModel w, Evaluator eval, int step) {
        run.emit(RepairPhase.EVALUATING, step, "evaluating the checkpoint of step " + step);
        double harmful = eval.harmfulRate(w.model());
        double task = eval.taskScore(w.model());
        ParityReport parity = run.groups() == null ? null : eval.groupParity(w.model(), run.groups());
        return new CheckpointMeasurement(harmful, task, parity);
    }

    /** This measurement as a step row's, below {@code floor} when the task score is at or under it. */
    StepRow.Evaluation evaluation(double floor) {
        return StepRow.Evaluation.measured(harmfulRate, taskScore, taskScore <= floor, parity);
    }
}
