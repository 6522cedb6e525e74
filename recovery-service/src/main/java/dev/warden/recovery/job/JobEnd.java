package dev.warden.recovery.job;

import com.google.protobuf.util.Timestamps;
import dev.warden.proto.v1.RepairEvent;
import dev.warden.proto.v1.RepairPhase;
import dev.warden.proto.v1.RepairReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * How a worker ends a job: the terminal state with its last event (phase FINISHED, a message saying what
 * happened), recorded with a few tries against Redis failures, then the work directory deleted (kept for
 * failed jobs, or when configured).
 */
final class JobEnd {

    private static final Logger LOG = Logger.getLogger(JobEnd.class);
    private static final int TRIES = 3;

    private final JobStore store;
    private final WorkerSettings settings;
    private final Clock clock;

    JobEnd(JobStore store, WorkerSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Ends the job.
     *
     * @param owner  the worker that owns it, or {@code *} for whoever does
     * @param report the final report (SUCCEEDED), else null
     * @param reason the failure reason (FAILED), else ""
     * @return true when the job ended (or had already), false when another worker owns it now
     */
    boolean end(String id, String owner, JobState state, RepairReport report, String reason, int step,
                int totalSteps) {
        RepairEvent.Builder event = RepairEvent.newBuilder().setTime(Timestamps.fromMillis(clock.millis()))
                .setPhase(RepairPhase.REPAIR_PHASE_FINISHED).setStep(step).setTotalSteps(totalSteps);
        switch (state) {
            case SUCCEEDED:
                event.setMessage(successMessage(report));
                if (report.hasSelectedHarmfulRate()) {
                    event.setHarmfulRate(report.getSelectedHarmfulRate());
                }
                if (report.hasSelectedTaskScore()) {
                    event.setTaskScore(report.getSelectedTaskScore());
                }
                break;
            case CANCELLED:
                event.setMessage(step > 0 ? "cancelled after step " + step : "cancelled");
                break;
            default:
                event.setMessage("failed: " + reason);
                break;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                JobStore.FinishOutcome outcome = store.finish(id, owner, state, event.build(), report, reason,
                        clock.millis());
                if (outcome == JobStore.FinishOutcome.LOST) {
                    return false;
                }
                cleanUp(id, state);
                return true;
            } catch (RuntimeException e) {
                if (attempt == TRIES) {
                    throw e;
                }
                LOG.warnf("job %s: cannot record the end (%s); retrying", id, e.toString());
                sleep(1000L * attempt);
            }
        }
    }

    private static String successMessage(RepairReport r) {
        StringBuilder m = new StringBuilder("succeeded: ");
        if (r.getSelectedStep() > 0) {
            m.append("kept step ").append(r.getSelectedStep());
        } else {
            m.append("no step kept");
        }
        if (r.hasSelectedHarmfulRate()) {
            m.append(String.format(Locale.ROOT, ", harmful rate %.1f%% -> %.1f%%", 100 * r.getBaselineHarmfulRate(),
                    100 * r.getSelectedHarmfulRate()));
        }
        if (r.hasSelectedTaskScore()) {
            m.append(String.format(Locale.ROOT, ", task score %.3f -> %.3f", r.getBaselineTaskScore(),
                    r.getSelectedTaskScore()));
        }
        return m.append("; repaired checkpoint at ").append(r.getOutputCheckpointPath()).toString();
    }

    /** Deletes the work directory of a job that ended (kept for failed jobs, or when configured). */
    private void cleanUp(String id, JobState state) {
        if (settings.keepWorkDirs() || state == JobState.FAILED) {
            return;
        }
        Path dir = settings.workRoot().resolve(id);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("job %s: cannot delete its work directory %s (%s)", id, dir, e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
