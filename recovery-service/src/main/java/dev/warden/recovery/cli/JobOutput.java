package dev.warden.recovery.cli;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.warden.proto.v1.RepairEvent;
import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairReport;
import dev.warden.proto.v1.RepairState;
import dev.warden.recovery.json.ProtoJson;
import java.io.PrintStream;
import java.util.Locale;

/** How the CLI prints jobs, events and errors; and the exit codes. */
final class JobOutput {

    /** The job succeeded, or the request did. */
    static final int OK = 0;
    /** Bad usage, an error reply, or the service could not be reached. */
    static final int ERROR = 1;
    /** The job failed. */
    static final int FAILED = 2;
    /** The job was cancelled. */
    static final int CANCELLED = 3;

    private JobOutput() {
    }

    /** The exit code of a job in its final state. */
    static int exitCode(RepairState state) {
        switch (state) {
            case REPAIR_STATE_SUCCEEDED:
                return OK;
            case REPAIR_STATE_CANCELLED:
                return CANCELLED;
            case REPAIR_STATE_FAILED:
                return FAILED;
            default:
                return ERROR;
        }
    }

    static String state(RepairState s) {
        return s.name().replace("REPAIR_STATE_", "");
    }

    static String phase(RepairEvent e) {
        return e.getPhase().name().replace("REPAIR_PHASE_", "").toLowerCase(Locale.ROOT);
    }

    /** A few lines about the job. */
    static void summary(PrintStream out, RepairJob job) {
        RepairEvent p = job.getProgress();
        out.printf("repair %s %s%n", job.getJobId(), state(job.getState()));
        out.printf("  progress:   step %d/%d, %s%s%n", p.getStep(), p.getTotalSteps(), phase(p),
                p.getMessage().isEmpty() ? "" : " (" + p.getMessage() + ")");
        out.printf("  created:    %s, attempts %d%s%n", Timestamps.toString(job.getCreatedAt()), job.getAttempts(),
                job.getCancelRequested() ? ", cancel requested" : "");
        if (!job.getFailureReason().isEmpty()) {
            out.printf("  failure:    %s%n", job.getFailureReason());
        }
        RepairReport r = job.getReport();
        if (job.getState() == RepairState.REPAIR_STATE_SUCCEEDED) {
            out.printf("  repaired checkpoint: %s%n", r.getOutputCheckpointPath());
            out.printf("  report (JSON):       %s%n", r.getReportJsonPath());
            out.printf("  report (HTML):       %s%n", r.getReportHtmlPath());
            out.printf("  kept step %d: harmful rate %s -> %s, task score %.3f -> %s (floor %.3f), %s%n",
                    r.getSelectedStep(), pct(r.getBaselineHarmfulRate()),
                    r.hasSelectedHarmfulRate() ? pct(r.getSelectedHarmfulRate()) : "n/a", r.getBaselineTaskScore(),
                    r.hasSelectedTaskScore() ? String.format(Locale.ROOT, "%.3f", r.getSelectedTaskScore()) : "n/a",
                    r.getTaskFloor(), Durations.toString(r.getDuration()));
            out.printf("  loaded into inference-service: %s%n", r.getLoadedIntoInference() ? "yes" : "no");
        } else {
            out.printf("  output:     %s%n", job.getSpec().getOutputPath());
        }
    }

    /** One line per job of a list. */
    static void line(PrintStream out, RepairJob job) {
        out.printf("%s  %-9s  step %d/%d  %s  %s%n", job.getJobId(), state(job.getState()),
                job.getProgress().getStep(), job.getProgress().getTotalSteps(),
                Timestamps.toString(job.getCreatedAt()), job.getSpec().getOutputPath());
    }

    /** The message of an error reply: its {@code error.message}, or the body. */
    static void error(PrintStream err, ApiClient.Reply reply) {
        String message = reply.body();
        try {
            com.fasterxml.jackson.databind.JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(reply.body()).path("error");
            if (error.has("message")) {
                message = error.path("code").asText() + ": " + error.path("message").asText();
            }
        } catch (java.io.IOException notJson) {
            // print the body as it is
        }
        err.printf("error (HTTP %d): %s%n", reply.status(), message);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static <B extends com.google.protobuf.Message.Builder> B parse(String json, B builder) {
        return ProtoJson.parseStored(json, builder);
    }
}
