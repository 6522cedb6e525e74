package dev.warden.recovery.method;

/**
 * Resuming (RECOVERY-METHOD.md "Where we go further": resumable jobs): rebuilds W from the journaled steps'
 * exact selections ({@link StepJournal}) and, in the plain schedule, the accumulated gradient the original run
 * held at that point, so the run continues to a result bit-identical to an uninterrupted one.
 */
final class JournalReplay {

    private JournalReplay() {
    }

    static void replay(RepairRun run, WorkingModel w, RestoreStep restore) {
        StepJournal.State state = run.state();
        if (state.rows().isEmpty()) {
            return;
        }
        boolean rollback = run.rollbackMode();
        run.emit(RepairPhase.PREPARING, 0, "resuming after step " + state.rows().size() + " (replaying the journal)");
        for (StepRow row : state.rows()) {
            if (!rollback) {
                restore.accumulateGradient(); // the gradient the original run held
            }
            StepJournal.Selection s = run.journal.loadSelection(row.step());
            w.restore(s.restored());
            w.rollBack(s.rolledBack());
            run.restoredTotal(row.counts().restoredTotal());
        }
        if (rollback) {
            w.zeroGradients();
        }
    }
}
