package dev.warden.recovery.method;

import java.util.ArrayList;
import java.util.List;

/**
 * RECOVERY-METHOD.md "Schedule and selection" 4 and "Where we go further" (selection on both numbers): the
 * checkpoint kept among the measured ones ({@link CheckpointSelection}, the paper's choice named beside it), and
 * W rebuilt to it from the journaled selections.
 *
 * @param step the kept step, 0 when none stays above the floor (F's weights are kept)
 * @param row  its row, or null
 */
record KeptCheckpoint(int step, StepRow row) {

    /**
     * Weights of the kept checkpoint restored and rolled back, per candidate tensor (indexed like
     * {@link WorkingModel#candidates()}).
     */
    record Counts(long[] restored, long[] rolledBack) {
    }

    /** Chooses the checkpoint to keep and reports the choice. */
    static KeptCheckpoint choose(RepairRun run) {
        List<StepRow> rows = run.state().rows();
        run.emit(RepairPhase.SELECTING, rows.size(), "choosing the checkpoint to keep");
        List<CheckpointSelection.Measured> measured = new ArrayList<>();
        for (StepRow r : rows) {
            if (r.evaluation().checkpoint()) {
                measured.add(new CheckpointSelection.Measured(r.step(), r.evaluation().harmfulRate(),
                        r.evaluation().taskScore()));
            }
        }
        int selected = CheckpointSelection.select(measured, run.effectiveFloor());
        int paper = CheckpointSelection.paperRule(measured, run.effectiveFloor());
        StepRow kept = selected == 0 ? null : rows.get(selected - 1);
        StepRow.Evaluation e = kept == null ? StepRow.Evaluation.NONE : kept.evaluation();
        run.emitMeasured(RepairPhase.SELECTING, rows.size(), e.harmfulRate(), e.taskScore(), selected == 0
                        ? "no checkpoint stays above the task floor: the fine-tuned weights are kept"
                        : "kept step " + selected + " (the paper's rule would keep step " + paper + ")");
        return new KeptCheckpoint(selected, kept);
    }

    /** Resets W to F and replays the journaled steps up to the kept one; returns what they changed. */
    Counts rebuild(RepairRun run, WorkingModel w) {
        w.resetToFineTuned();
        long[] restored = new long[w.candidates().size()];
        long[] rolled = new long[w.candidates().size()];
        for (int s = 1; s <= step; s++) {
            StepJournal.Selection sel = run.journal.loadSelection(s);
            w.restore(sel.restored());
            w.rollBack(sel.rolledBack());
            for (int t = 0; t < restored.length; t++) {
                restored[t] += sel.restored().get(t).length;
                rolled[t] += sel.rolledBack().get(t).length;
            }
        }
        return new Counts(restored, rolled);
    }
}
