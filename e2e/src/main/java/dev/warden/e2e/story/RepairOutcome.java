package dev.warden.e2e.story;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The repair of the story, as recovery-service reported it (RepairJob and RepairReport), grouped by meaning.
 *
 * @param job    the job as this client followed it
 * @param scores the rates and scores the report gives
 * @param kept   what the method kept and where it went
 * @param report the report as recovery-service returned it (JSON; empty when absent)
 */
public record RepairOutcome(Job job, Scores scores, Kept kept, JsonNode report) {

    /**
     * The job.
     *
     * @param id            the job id
     * @param state         the terminal state ({@code REPAIR_STATE_SUCCEEDED} ...)
     * @param failureReason why it failed; empty unless FAILED
     * @param events        progress events received over SSE
     * @param elapsed       from submission to the terminal event, as this client saw it
     */
    public record Job(String id, String state, String failureReason, int events, Duration elapsed) {
    }

    /**
     * Harmful rates and task scores (NaN when absent).
     *
     * @param alignedHarmfulRate  the aligned model's harmful rate
     * @param baselineHarmfulRate the fine-tuned model's harmful rate, judged on the held-out harmful prompts
     * @param selectedHarmfulRate the kept checkpoint's harmful rate
     * @param baselineTaskScore   the fine-tuned model's task score
     * @param selectedTaskScore   the kept checkpoint's task score
     * @param taskFloor           the task floor, (1 - allowed task drop) x baseline
     */
    public record Scores(double alignedHarmfulRate, double baselineHarmfulRate, double selectedHarmfulRate,
                         double baselineTaskScore, double selectedTaskScore, double taskFloor) {

        /** The relative task-score drop of the kept checkpoint, (baseline - selected) / baseline. */
        public double taskDrop() {
            return baselineTaskScore > 0 ? (baselineTaskScore - selectedTaskScore) / baselineTaskScore : 0;
        }
    }

    /**
     * The kept checkpoint.
     *
     * @param step                the step whose checkpoint was kept (0: none)
     * @param rollbackMode        whether the warm-up fell below the floor and rollback steps ran
     * @param outputPath          the repaired checkpoint's directory
     * @param reportHtml          the HTML report
     * @param geometryLayers      layers of alignment geometry (from the judge) in the report for the repaired model
     * @param loadedIntoInference whether inference-service now serves the repaired checkpoint
     */
    public record Kept(int step, boolean rollbackMode, String outputPath, String reportHtml, int geometryLayers,
                       boolean loadedIntoInference) {
    }

    /** Whether the job succeeded. */
    public boolean succeeded() {
        return "REPAIR_STATE_SUCCEEDED".equals(job.state());
    }

    /** {@link Scores#taskDrop()}. */
    public double taskDrop() {
        return scores.taskDrop();
    }
}
