package dev.warden.recovery.job;

import dev.warden.recovery.json.ProtoJson;
import com.google.protobuf.util.Timestamps;
import dev.warden.proto.v1.RepairEvent;
import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairReport;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.RepairStepRow;

/** Builds the contract's messages from what Redis holds. */
public final class JobViews {

    private JobViews() {
    }

    /** A stored event with its job id, sequence and state filled in. */
    public static RepairEvent event(String jobId, StoredEvent stored) {
        return ProtoJson.parseStored(stored.json(), RepairEvent.newBuilder()).setJobId(jobId)
                .setSequence(stored.sequence()).setState(stored.state().proto()).build();
    }

    /**
     * The job. With {@code withSteps}, the report carries the step rows (the final report's, or those recorded
     * so far); without, it has none (list pages stay small).
     */
    public static RepairJob job(StoredJob j, boolean withSteps) {
        RepairJob.Builder b = RepairJob.newBuilder().setJobId(j.id()).setState(j.state().proto())
                .setSpec(ProtoJson.parseStored(j.field("spec", "{}"), RepairSpec.newBuilder()))
                .setIdempotencyKey(j.field("idempotency_key", ""))
                .setCreatedAt(Timestamps.fromMillis(Long.parseLong(j.field("created_at", "0"))))
                .setCancelRequested("1".equals(j.field("cancel_requested", "0")))
                .setAttempts(Integer.parseInt(j.field("attempts", "0")))
                .setFailureReason(j.field("failure_reason", ""));
        if (j.fields().containsKey("started_at")) {
            b.setStartedAt(Timestamps.fromMillis(Long.parseLong(j.field("started_at", "0"))));
        }
        if (j.fields().containsKey("finished_at")) {
            b.setFinishedAt(Timestamps.fromMillis(Long.parseLong(j.field("finished_at", "0"))));
        }
        if (j.fields().containsKey("progress")) {
            b.setProgress(event(j.id(), new StoredEvent(Long.parseLong(j.field("progress_seq", "0")),
                    JobState.valueOf(j.field("progress_state", j.state().name())), j.field("progress", "{}"))));
        }
        if (j.fields().containsKey("report")) {
            RepairReport.Builder report = ProtoJson.parseStored(j.field("report", "{}"), RepairReport.newBuilder());
            if (!withSteps) {
                report.clearSteps();
            }
            b.setReport(report);
        } else if (withSteps && !j.steps().isEmpty()) {
            RepairReport.Builder report = RepairReport.newBuilder();
            j.steps().values().forEach(row -> report.addSteps(ProtoJson.parseStored(row, RepairStepRow.newBuilder())));
            b.setReport(report);
        }
        return b.build();
    }
}
