package dev.warden.e2e.story;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * The repair of the story, as recovery-service reported it (RepairJob and RepairReport).
 *
 * @param jobId               the job id
 * @param state               the terminal state ({@code REPAIR_STATE_SUCCEEDED} ...)
 * @param failureReason       why it failed; empty unless FAILED
 * @param events              progress events received over SSE
 * @param loadedIntoInference whether inference-service now serves the repaired checkpoint
 * @param alignedHarmfulRate  the aligned model's harmful rate (NaN when absent)
 * @param baselineHarmfulRate the fine-tuned model's harmful rate, judged on the held-out harmful prompts
 * @param selectedHarmfulRate the kept checkpoint's harmful rate (NaN when absent)
 * @param baselineTaskScore   the fine-tuned model's task score
 * @param selectedTaskScore   the kept checkpoint's task score (NaN when absent)
 * @param taskFloor           the task floor, (1 - allowed task drop) x baseline
 * @param selectedStep        the step whose checkpoint was kept (0: none)
 * @param rollbackMode        whether the warm-up fell below the floor and rollback steps ran
 * @param outputPath          the repaired checkpoint's directory
 * @param reportHtml          the HTML report
 * @param geometryLayers      layers of alignment geometry (from the judge) in the report for the repaired model
 * @param elapsed             from submission to the terminal event, as this client saw it
 * @param report              the report as recovery-service returned it (JSON; empty when absent)
 */
public record RepairOutcome(String jobId, String state, String failureReason, int events,
                            boolean loadedIntoInference, double alignedHarmfulRate, double baselineHarmfulRate,
                            double selectedHarmfulRate, double baselineTaskScore, double selectedTaskScore,
                            double taskFloor, int selectedStep, boolean rollbackMode, String outputPath,
                            String reportHtml, int geometryLayers, Duration elapsed, JsonNode report) {

    /** Whether the job succeeded. */
    public boolean succeeded() {
        return "REPAIR_STATE_SUCCEEDED".equals(state);
    }

    /** The relative task-score drop of the kept checkpoint, (baseline - selected) / baseline. */
    public double taskDrop() {
        return baselineTaskScore > 0 ? (baselineTaskScore - selectedTaskScore) / baselineTaskScore : 0;
    }
}
