package dev.warden.recovery.job;

import com.google.protobuf.util.Timestamps;
import dev.warden.proto.v1.RepairEvent;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.recovery.method.RepairInputs;
import dev.warden.recovery.method.RepairProgress;
import dev.warden.recovery.report.ReportProtos;
import dev.warden.recovery.validate.Knobs;
import java.nio.file.Path;

/** From the stored (effective, validated) spec to what the method runs on, and its progress back to events. */
public final class JobInputs {

    private JobInputs() {
    }

    /** The method's inputs of a job whose work directory is {@code workDir}. */
    public static RepairInputs of(RepairSpec spec, Path workDir) {
        return new RepairInputs(Path.of(spec.getAlignedPath()),
                spec.hasFineTunedPath() ? Path.of(spec.getFineTunedPath()) : null,
                spec.hasLoraAdapterPath() ? Path.of(spec.getLoraAdapterPath()) : null,
                spec.getHarmfulProbesPath().isEmpty() ? null : Path.of(spec.getHarmfulProbesPath()),
                spec.getTaskPath().isEmpty() ? null : Path.of(spec.getTaskPath()),
                Knobs.fromOptions(spec.getOptions()), Path.of(spec.getOutputPath()), workDir);
    }

    /** The event of a progress report, recorded at {@code millis} (job id, sequence and state are added later). */
    public static RepairEvent event(RepairProgress p, long millis) {
        RepairEvent.Builder b = RepairEvent.newBuilder().setTime(Timestamps.fromMillis(millis))
                .setPhase(ReportProtos.phase(p.phase())).setStep(p.step()).setTotalSteps(p.totalSteps())
                .setRestoredCount(p.counts().restoredCount()).setRolledBackCount(p.counts().rolledBackCount())
                .setRestoredTotal(p.counts().restoredTotal()).setMessage(p.message() == null ? "" : p.message());
        if (p.scores().harmfulRate() != null) {
            b.setHarmfulRate(p.scores().harmfulRate());
        }
        if (p.scores().taskScore() != null) {
            b.setTaskScore(p.scores().taskScore());
        }
        return b.build();
    }
}
