package dev.warden.recovery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.proto.v1.ModuleChange;
import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairPhase;
import dev.warden.proto.v1.RepairReport;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.RepairState;
import dev.warden.proto.v1.RepairStepRow;
import dev.warden.proto.v1.SwapBound;
import org.junit.jupiter.api.Test;

/** The page from the Qute template: every value escaped, the chart raw, the sections of a finished and a running job. */
class ReportHtmlTest {

    private static RepairJob job(RepairState state) {
        RepairReport report = RepairReport.newBuilder().setBaselineHarmfulRate(0.8).setBaselineTaskScore(0.9)
                .setTaskFloor(0.855).setSelectedStep(2).setSelectedHarmfulRate(0.1).setSelectedTaskScore(0.88)
                .setCutLayer(1).setOutputCheckpointPath("out/<repaired>")
                .addSteps(RepairStepRow.newBuilder().setStep(1).setPhase(RepairPhase.REPAIR_PHASE_WARMUP)
                        .setRestoredCount(10).setRestoredTotal(10))
                .addSteps(RepairStepRow.newBuilder().setStep(2).setPhase(RepairPhase.REPAIR_PHASE_RESTORE_ROLLBACK)
                        .setRestoredCount(10).setRolledBackCount(2).setRestoredTotal(18).setHarmfulRate(0.1)
                        .setTaskScore(0.88).setCheckpoint(true))
                .setSwapBound(SwapBound.newBuilder().setCutLayer(1).setRepairable(true)
                        .setSummary("restores <b>work</b> & \"help\""))
                .addChanges(ModuleChange.newBuilder().setLayer(0).setModule("self_attn.q_proj<x>").setParameters(100)
                        .setRestored(20).setRolledBack(2))
                .build();
        return RepairJob.newBuilder().setJobId("job-1").setState(state).setAttempts(1)
                .setSpec(RepairSpec.newBuilder().setAlignedPath("demo/aligned").setFineTunedPath("demo/'ft'"))
                .setReport(report).build();
    }

    @Test
    void aFinishedJobsPageEscapesEveryValueAndCarriesTheChartRaw() {
        String page = ReportHtml.render(job(RepairState.REPAIR_STATE_SUCCEEDED));
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertTrue(page.contains("restores &lt;b&gt;work&lt;/b&gt; &amp; &quot;help&quot;"), page);
        assertTrue(page.contains("self_attn.q_proj&lt;x&gt;"), page);
        assertTrue(page.contains("demo/&#39;ft&#39;"), page);
        assertTrue(page.contains("out/&lt;repaired&gt;"), page);
        assertFalse(page.contains("<b>"), "no value inserted raw");
        assertEquals(1, count(page, "<svg"));
        assertEquals(2, count(page, "class=\"step-marker\""));
        assertEquals(1, count(page, "class=\"task-floor\""));
        assertEquals(1, count(page, "class=\"selected-step\""));
        assertTrue(page.contains("<tr class=\"good\"><td>2</td>"), "the kept step's row is marked");
        assertTrue(page.contains("<td>18.0%</td>"), "share changed (20 - 2) / 100");
        assertTrue(page.contains("class=\"box swap-bound\"><p class=\"good\">Repairable below the cut."), page);
        assertTrue(page.contains("body{font-family:system-ui"), "the style block is kept as written");
    }

    @Test
    void aRunningJobsPageHasNoResultsYet() {
        RepairJob running = job(RepairState.REPAIR_STATE_RUNNING).toBuilder()
                .setReport(RepairReport.getDefaultInstance()).build();
        String page = ReportHtml.render(running);
        assertTrue(page.contains("<p>No step has completed yet.</p>"), page);
        assertTrue(page.contains("<p>Not available yet.</p>"), page);
        assertTrue(page.contains("<p>None recorded.</p>") && page.contains("<p>None yet.</p>"), page);
        assertFalse(page.contains("<svg") || page.contains("kept step"), page);
        assertTrue(page.contains("output (when done)"), page);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
