package dev.warden.recovery.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal a resumed repair reads back. */
class StepJournalTest {

    @TempDir
    Path dir;

    @Test
    void stateAndSelectionsSurviveARestartAndAnotherJobsJournalIsIgnored() {
        StepJournal journal = new StepJournal(dir);
        StepRow row = new StepRow(1, RepairPhase.WARMUP, 10, 0, 10, null, null, false, false, -2.5, 0.1);
        StepRow measured = new StepRow(2, RepairPhase.WARMUP, 10, 0, 20, 0.1, 0.9, true, false, -2.6, 0.2,
                dev.warden.model.organism.ParityReport.of(List.of("group_a", "group_b"), 16, new int[] {12, 1}));
        StepJournal.State state = StepJournal.State.fresh("job-a").withBaseline(0.9, 0.5, 0.0)
                .withSwapBound(new SwapBoundResult(4, 0.05, 0.1, true, null, "ok")).withRow(row).withRow(measured);
        journal.save(state);
        journal.saveSelection(1, new StepJournal.Selection(List.of(new int[] {1, 5}, new int[0]),
                List.of(new int[0], new int[] {7})));

        StepJournal reopened = new StepJournal(dir);
        StepJournal.State back = reopened.load("job-a");
        assertEquals(state, back);
        StepJournal.Selection sel = reopened.loadSelection(1);
        assertArrayEquals(new int[] {1, 5}, sel.restored().get(0));
        assertArrayEquals(new int[0], sel.restored().get(1));
        assertArrayEquals(new int[] {7}, sel.rolledBack().get(1));

        StepJournal.State other = reopened.load("job-b");
        assertNull(other.baselineTaskScore());
        assertEquals(List.of(), other.rows());
        assertEquals(List.of("journal.json", "step-0001.sel"),
                List.of(dir.toFile().list()).stream().sorted().toList());
        assertEquals(false, Files.exists(dir.resolve("journal.json.tmp")));
    }
}
