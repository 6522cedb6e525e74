package dev.warden.recovery.method;

/**
 * One progress event of a running repair (the proto's RepairEvent without job id, sequence, time and state,
 * which the job layer adds).
 *
 * @param phase           what the repair is doing
 * @param step            the last completed restore step, 0 before the first
 * @param totalSteps      restore steps the repair will run
 * @param harmfulRate     a harmful rate measured now, or null
 * @param taskScore       a task score measured now, or null
 * @param restoredCount   weights restored in this step
 * @param rolledBackCount weights rolled back in this step
 * @param restoredTotal   weights differing from the fine-tuned model so far
 * @param message         a human-readable line
 * @param row             the completed step's row when this event ends a step (or measures one), else null
 */
public record RepairProgress(RepairPhase phase, int step, int totalSteps, Double harmfulRate, Double taskScore,
                             long restoredCount, long rolledBackCount, long restoredTotal, String message,
                             StepRow row) {

    /** An event with a message only. */
    public static RepairProgress of(RepairPhase phase, int step, int totalSteps, long restoredTotal, String message) {
        return new RepairProgress(phase, step, totalSteps, null, null, 0, 0, restoredTotal, message, null);
    }
}
