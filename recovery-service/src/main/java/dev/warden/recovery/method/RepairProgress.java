package dev.warden.recovery.method;

/**
 * One progress event of a running repair (the proto's RepairEvent without job id, sequence, time and state,
 * which the job layer adds). Built with the factories: {@link #of} (a message), {@link #measured} (a
 * measurement outside a step), {@link #ofStep} (the end of a step).
 *
 * @param phase      what the repair is doing
 * @param step       the last completed restore step, 0 before the first
 * @param totalSteps restore steps the repair will run
 * @param scores     what was measured now, or {@link Scores#NONE}
 * @param counts     the weights restored and rolled back in this step, and those differing from the fine-tuned
 *                   model so far
 * @param message    a human-readable line
 * @param row        the completed step's row when this event ends a step (or measures one), else null
 */
public record RepairProgress(RepairPhase phase, int step, int totalSteps, Scores scores, StepRow.Counts counts,
                             String message, StepRow row) {

    /**
     * A measurement.
     *
     * @param harmfulRate a harmful rate measured now, or null
     * @param taskScore   a task score measured now, or null
     */
    public record Scores(Double harmfulRate, Double taskScore) {
        /** Nothing measured. */
        public static final Scores NONE = new Scores(null, null);
    }

    /** An event with a message only. */
    public static RepairProgress of(RepairPhase phase, int step, int totalSteps, long restoredTotal, String message) {
        return measured(phase, step, totalSteps, Scores.NONE, restoredTotal, message);
    }

    /** An event that reports a measurement outside a step (a baseline, the kept checkpoint). */
    public static RepairProgress measured(RepairPhase phase, int step, int totalSteps, Scores scores,
                                          long restoredTotal, String message) {
        return new RepairProgress(phase, step, totalSteps, scores, new StepRow.Counts(0, 0, restoredTotal), message,
                null);
    }

    /** The event that ends the step of {@code row}. */
    public static RepairProgress ofStep(StepRow row, int totalSteps, String message) {
        return new RepairProgress(row.phase(), row.step(), totalSteps,
                new Scores(row.evaluation().harmfulRate(), row.evaluation().taskScore()), row.counts(), message, row);
    }
}
