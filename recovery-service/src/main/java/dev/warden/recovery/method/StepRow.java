package dev.warden.recovery.method;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.warden.model.organism.ParityReport;

/**
 * The numbers of one restore step (the proto's RepairStepRow), grouped: what the step changed and what its
 * checkpoint measured. In a job's {@code journal.json} a row is one flat object, the groups unwrapped
 * ({@code step, phase, restoredCount, rolledBackCount, restoredTotal, checkpoint, harmfulRate, taskScore,
 * belowFloor, groupParity, harmfulLoss, seconds}).
 *
 * @param step        the step number, from 1
 * @param phase       WARMUP, RESTORE or RESTORE_ROLLBACK
 * @param counts      the weights the step restored and rolled back
 * @param evaluation  the checkpoint saved and measured after the step, or {@link Evaluation#NONE}
 * @param harmfulLoss value of the harmful loss at this step (summed over batches)
 * @param seconds     time the step took, its evaluation included
 */
public record StepRow(int step, RepairPhase phase, @JsonUnwrapped Counts counts,
                      @JsonUnwrapped Evaluation evaluation, double harmfulLoss, double seconds) {

    /**
     * The weights one step changed.
     *
     * @param restoredCount   weights restored to the aligned values in this step
     * @param rolledBackCount weights rolled back to the fine-tuned values in this step
     * @param restoredTotal   weights differing from the fine-tuned model after this step
     */
    public record Counts(long restoredCount, long rolledBackCount, long restoredTotal) {
    }

    /**
     * What a step's checkpoint measured.
     *
     * @param checkpoint  whether a checkpoint was saved (and evaluated) after the step
     * @param harmfulRate harmful rate after the step, null when not measured
     * @param taskScore   task score after the step, null when not measured
     * @param belowFloor  whether this checkpoint's task score was at or below the floor
     * @param groupParity demographic parity after the step, when measured; else null
     */
    public record Evaluation(boolean checkpoint, Double harmfulRate, Double taskScore, boolean belowFloor,
                             ParityReport groupParity) {

        /** A step without a checkpoint. */
        public static final Evaluation NONE = new Evaluation(false, null, null, false, null);

        /** A checkpoint measured at {@code harmfulRate} and {@code taskScore}, below the floor or not. */
        public static Evaluation measured(double harmfulRate, double taskScore, boolean belowFloor,
                                          ParityReport groupParity) {
            return new Evaluation(true, harmfulRate, taskScore, belowFloor, groupParity);
        }
    }
}
