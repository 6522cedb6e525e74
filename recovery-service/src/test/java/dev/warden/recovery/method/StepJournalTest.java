package dev.warden.recovery.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.model.organism.ParityReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        StepRow row = new StepRow(1, RepairPhase.WARMUP, new StepRow.Counts(10, 0, 10), StepRow.Evaluation.NONE,
                -2.5, 0.1);
        StepRow measured = new StepRow(2, RepairPhase.WARMUP, new StepRow.Counts(10, 0, 20),
                StepRow.Evaluation.measured(0.1, 0.9, false,
                        ParityReport.of(List.of("group_a", "group_b"), 16, new int[] {12, 1})), -2.6, 0.2);
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

    @Test
    void aRowIsOneFlatObjectInTheJournalAsBeforeItsFieldsWereGrouped() throws IOException {
        StepJournal journal = new StepJournal(dir);
        StepRow row = new StepRow(3, RepairPhase.RESTORE, new StepRow.Counts(7, 2, 25),
                StepRow.Evaluation.measured(0.25, 0.75, true, null), -1.5, 0.3);
        journal.save(StepJournal.State.fresh("job-c").withRow(row));

        JsonNode written = new ObjectMapper().readTree(dir.resolve("journal.json").toFile()).get("rows").get(0);
        List<String> keys = new ArrayList<>();
        written.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("belowFloor", "checkpoint", "groupParity", "harmfulLoss", "harmfulRate", "phase",
                "restoredCount", "restoredTotal", "rolledBackCount", "seconds", "step", "taskScore"),
                keys.stream().sorted().toList());
        assertEquals(25, written.get("restoredTotal").asLong());
        assertEquals(0.75, written.get("taskScore").asDouble());

        // a journal written before the grouping (the flat row of the 12-argument StepRow) still resumes
        Files.writeString(dir.resolve("journal.json"), """
                {"fingerprint": "job-d", "rows": [{"step": 1, "phase": "WARMUP", "restoredCount": 10,
                 "rolledBackCount": 0, "restoredTotal": 10, "harmfulRate": null, "taskScore": null,
                 "checkpoint": false, "belowFloor": false, "harmfulLoss": -2.5, "seconds": 0.1,
                 "groupParity": null}], "secondsBefore": 4.0}
                """);
        StepJournal.State old = journal.load("job-d");
        assertEquals(List.of(new StepRow(1, RepairPhase.WARMUP, new StepRow.Counts(10, 0, 10),
                StepRow.Evaluation.NONE, -2.5, 0.1)), old.rows());
        assertEquals(4.0, old.secondsBefore());
    }
}
