package dev.warden.e2e.story;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.e2e.client.RecoveryClient;
import dev.warden.e2e.suite.SuiteConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Steps 6 and 9 of the story: the repair of a fine-tuned demo model (the plain one, then the SAI-poisoned one)
 * through recovery-service's REST API
 * ({@code allowed_task_drop} 0.03, the step's own options, {@code load_into_inference}), followed over server-sent
 * events: a line per phase change, measurement or notable message, and a progress bar redrawn in place on a
 * terminal.
 */
final class RepairStep {

    private final SuiteConfig config;
    private final RecoveryClient recovery;
    private final Narrator out;

    RepairStep(SuiteConfig config, RecoveryClient recovery, Narrator out) {
        this.config = config;
        this.recovery = recovery;
        this.out = out;
    }

    /**
     * Submits the repair of {@code fineTuned} (relative to the models directory) with {@code moreOptions} besides
     * {@code allowed_task_drop} 0.03, prints its progress as it streams, and returns the job's outcome from its report.
     *
     * @throws dev.warden.e2e.suite.SuiteException when recovery-service refuses the repair or stops answering
     */
    RepairOutcome run(String fineTuned, Map<String, Object> moreOptions) {
        Map<String, Object> options = new LinkedHashMap<>(moreOptions);
        options.put("allowed_task_drop", 0.03);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("aligned_path", SuiteConfig.ALIGNED);
        spec.put("fine_tuned_path", fineTuned);
        spec.put("options", options);
        spec.put("load_into_inference", true);
        out.line("  POST " + config.recoveryUrl() + "/v1/repairs  aligned " + SuiteConfig.ALIGNED + ", fine-tuned "
                + fineTuned + ", " + String.join(", ", options.keySet().stream()
                        .map(k -> options.get(k) instanceof Boolean ? k : k + " " + options.get(k)).toList())
                + ", load_into_inference");
        long t0 = System.nanoTime();
        JsonNode job = recovery.submit(Map.of("spec", spec));
        String id = job.path("job_id").asText();
        out.line("  job " + id + " " + job.path("state").asText().replace("REPAIR_STATE_", "").toLowerCase(Locale.ROOT)
                + "; following GET /v1/repairs/" + id + "/events (server-sent events)");
        int[] events = {0};
        String[] phase = {""};
        String state = recovery.follow(id, e -> {
            events[0]++;
            event(e, phase, (System.nanoTime() - t0) / 1e9);
        });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        JsonNode finished = recovery.job(id);
        JsonNode report = finished.path("report");
        return new RepairOutcome(
                new RepairOutcome.Job(id, state, finished.path("failure_reason").asText(""), events[0], elapsed),
                new RepairOutcome.Scores(report.path("aligned_harmful_rate").asDouble(Double.NaN),
                        report.path("baseline_harmful_rate").asDouble(Double.NaN),
                        report.path("selected_harmful_rate").asDouble(Double.NaN),
                        report.path("baseline_task_score").asDouble(Double.NaN),
                        report.path("selected_task_score").asDouble(Double.NaN),
                        report.path("task_floor").asDouble(Double.NaN)),
                new RepairOutcome.Kept(report.path("selected_step").asInt(0),
                        report.path("rollback_mode").asBoolean(false),
                        report.path("output_checkpoint_path").asText(""), report.path("report_html_path").asText(""),
                        report.path("geometry_after").size(), report.path("loaded_into_inference").asBoolean(false)),
                report);
    }

    /** One progress event: a line when it says something new, else the live progress line. */
    private void event(JsonNode e, String[] lastPhase, double seconds) {
        String phase = e.path("phase").asText("").replace("REPAIR_PHASE_", "").toLowerCase(Locale.ROOT);
        String message = e.path("message").asText("");
        boolean measured = e.has("harmful_rate") || e.has("task_score");
        boolean terminal = RecoveryClient.TERMINAL.contains(e.path("state").asText());
        int step = e.path("step").asInt();
        int total = e.path("total_steps").asInt();
        if (measured || terminal || !phase.equals(lastPhase[0]) || !message.startsWith("step ")) {
            out.line(String.format(Locale.ROOT, "  [%5.1fs] %s", seconds, message.length() > 150
                    ? message.substring(0, 147) + "..." : message));
        }
        lastPhase[0] = phase;
        int width = 20;
        int done = total > 0 ? Math.min(width, step * width / total) : 0;
        out.progress(String.format(Locale.ROOT, "  [%5.1fs] [%s%s] step %d/%d %s", seconds, "#".repeat(done),
                ".".repeat(width - done), step, total, phase));
    }
}
