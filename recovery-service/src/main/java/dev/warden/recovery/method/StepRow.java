package dev.warden.recovery.method;

import dev.warden.model.organism.ParityReport;

/**
 * The numbers of one restore step (the proto's RepairStepRow).
 *
 * @param step            the step number, from 1
 * @param phase           WARMUP, RESTORE or RESTORE_ROLLBACK
 * @param restoredCount   weights restored to the aligned values in this step
 * @param rolledBackCount weights rolled back to the fine-tuned values in this step
 * @param restoredTotal   weights differing from the fine-tuned model after this step
 * @param harmfulRate     harmful rate after this step, null when not measured
 * @param taskScore       task score after this step, null when not measured
 * @param checkpoint      whether a checkpoint was saved (and evaluated) after this step
 * @param belowFloor      whether this checkpoint's task score was at or below the floor
 * @param harmfulLoss     value of the harmful loss at this step (summed over batches)
 * @param seconds         time the step took, its evaluation included
 * @param groupParity     demographic parity after this step, on checkpoints when measured; else null
 */
public record StepRow(int step, RepairPhase phase, long restoredCount, long rolledBackCount, long restoredTotal,
                      Double harmfulRate, Double taskScore, boolean checkpoint, boolean belowFloor, double harmfulLoss,
                      double seconds, ParityReport groupParity) {

    /** A row without a parity measurement. */
    public StepRow(int step, RepairPhase phase, long restoredCount, long rolledBackCount, long restoredTotal,
                   Double harmfulRate, Double taskScore, boolean checkpoint, boolean belowFloor, double harmfulLoss,
                   double seconds) {
        this(step, phase, restoredCount, rolledBackCount, restoredTotal, harmfulRate, taskScore, checkpoint, belowFloor,
                harmfulLoss, seconds, null);
    }
}
