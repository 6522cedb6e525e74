package dev.warden.recovery.job;

import com.google.protobuf.util.Timestamps;
import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairReport;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.RepairState;
import dev.warden.recovery.client.InferenceLoader;
import dev.warden.recovery.method.CancellationCheck;
import dev.warden.recovery.method.HarmJudge;
import dev.warden.recovery.method.JudgeUnavailableException;
import dev.warden.recovery.method.RepairCancelledException;
import dev.warden.recovery.method.RepairFailedException;
import dev.warden.recovery.method.RepairInputs;
import dev.warden.recovery.method.RepairPhase;
import dev.warden.recovery.method.RepairProgress;
import dev.warden.recovery.method.RepairRunner;
import dev.warden.recovery.metrics.RecoveryMetrics;
import dev.warden.recovery.report.ReportFiles;
import dev.warden.recovery.report.ReportProtos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One worker: a thread of its own (never an event loop) that takes jobs from the queue as the consumer
 * {@link #consumer()} and runs them one at a time with the {@link RepairRunner}.
 *
 * <p>Taking work, in order: its own unacknowledged entries (a restart under the same name), entries whose
 * holder stayed silent for the claim's min idle time (a dead worker: {@code XAUTOCLAIM}), then new entries
 * ({@code XREADGROUP BLOCK}). While it runs a job it refreshes its claim every claim-refresh ({@code XCLAIM
 * JUSTID}), so a live long job is never taken over. A job taken over runs again in the same work directory,
 * so the method resumes from its last persisted step; {@code attempts} counts the starts.
 *
 * <p>Outcomes: {@link RepairCancelledException} makes the job CANCELLED; {@link RepairFailedException},
 * {@link JudgeUnavailableException} and anything else FAILED with the reason. Shutdown stops the job at the
 * next step boundary without ending it (it stays RUNNING and is resumed elsewhere). A worker that finds another
 * owns its job now stops it without writing anything. The queue entry is acknowledged only once the job
 * ended, so no crash loses a job. Nothing escapes the loop: the thread only ends on {@link #stop()}.
 */
public final class JobWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);

    private final String consumer;
    private final JobStore store;
    private final RepairRunner runner;
    private final HarmJudge judge;
    private final InferenceLoader loader;
    private final RecoveryMetrics metrics;
    private final WorkerSettings settings;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final JobEnd ending;
    private volatile boolean stopping;
    private volatile Thread thread;
    private volatile String currentJob;

    /** A worker named {@code consumer} in the queue's consumer group. */
    public JobWorker(String consumer, JobStore store, RepairRunner runner, HarmJudge judge, InferenceLoader loader,
                     RecoveryMetrics metrics, WorkerSettings settings, ScheduledExecutorService timers, Clock clock) {
        this.consumer = consumer;
        this.store = store;
        this.runner = runner;
        this.judge = judge;
        this.loader = loader;
        this.metrics = metrics;
        this.settings = settings;
        this.timers = timers;
        this.clock = clock;
        this.ending = new JobEnd(store, settings, clock);
    }

    /** The consumer name. */
    public String consumer() {
        return consumer;
    }

    /** The job being run now, or null. */
    public String currentJob() {
        return currentJob;
    }

    /** Starts the worker's thread, named {@code threadName}. */
    public synchronized void start(String threadName) {
        if (thread != null) {
            throw new IllegalStateException("worker " + consumer + " already started");
        }
        Thread t = new Thread(this, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Asks the worker to stop: no new job is taken; a running job stops at its next step boundary. */
    public void stop() {
        stopping = true;
    }

    /** Waits up to {@code timeout} for the thread to end; true when it did. */
    public boolean await(Duration timeout) throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, timeout.toMillis()));
        return !t.isAlive();
    }

    @Override
    public void run() {
        boolean ownPendingChecked = false;
        long backoffMillis = 0;
        while (!stopping) {
            try {
                Optional<QueueEntry> next = Optional.empty();
                if (!ownPendingChecked) {
                    next = store.readOwnPending(consumer);
                    ownPendingChecked = true;
                }
                if (next.isEmpty()) {
                    next = store.claimStale(consumer, settings.claimMinIdle().toMillis());
                }
                if (next.isEmpty()) {
                    next = store.readNew(consumer, settings.block().toMillis());
                }
                if (next.isPresent() && !stopping) {
                    process(next.get());
                }
                backoffMillis = 0;
            } catch (Throwable t) {
                backoffMillis = Math.min(5000, Math.max(250, backoffMillis * 2));
                LOG.warnf("worker %s: %s; retrying in %d ms", consumer, t.toString(), backoffMillis);
                sleep(backoffMillis);
            }
        }
        LOG.debugf("worker %s stopped", consumer);
    }

    /** Runs the job of one queue entry to its end (or to the point where another worker or a restart continues). */
    void process(QueueEntry entry) {
        String id = entry.jobId();
        JobStore.Start start = store.start(id, consumer, clock.millis(), settings.maxAttempts());
        switch (start.outcome()) {
            case MISSING:
            case TERMINAL:
                store.ack(entry.entryId());
                return;
            case EXHAUSTED:
                end(id, "*", JobState.FAILED, null, "gave up after " + start.attempts()
                        + " attempts: each time the worker running it stopped (crash, kill or shutdown) before the"
                        + " job ended", 0, 0);
                store.ack(entry.entryId());
                return;
            default:
                break;
        }
        RepairSpec spec = JobViews.job(store.load(id, false).orElseThrow(), false).getSpec();
        int totalSteps = spec.getOptions().getSteps();
        if (start.cancelRequested()) {
            end(id, consumer, JobState.CANCELLED, null, "", 0, totalSteps);
            store.ack(entry.entryId());
            return;
        }
        currentJob = id;
        Claim claim = new Claim();
        ScheduledFuture<?> heartbeat = timers.scheduleWithFixedDelay(() -> refresh(entry, claim),
                settings.claimRefresh().toMillis(), settings.claimRefresh().toMillis(), TimeUnit.MILLISECONDS);
        try {
            run(entry, id, spec, start.attempts(), claim);
        } finally {
            heartbeat.cancel(false);
            currentJob = null;
        }
    }

    private void run(QueueEntry entry, String id, RepairSpec spec, int attempt, Claim claim) {
        int totalSteps = spec.getOptions().getSteps();
        RepairInputs inputs = JobInputs.of(spec, settings.workRoot().resolve(id));
        Outcome outcome;
        try {
            Files.createDirectories(inputs.workDir());
            if (inputs.output().getParent() != null) {
                Files.createDirectories(inputs.output().getParent());
            }
            append(id, claim, RepairProgress.of(RepairPhase.PREPARING, 0, totalSteps, 0,
                    attempt == 1 ? "started by " + consumer
                            : "resuming after an interrupted attempt (attempt " + attempt + ", worker " + consumer
                            + "): the method continues from its last persisted step"));
            CancellationCheck cancel = () -> shouldStop(id, claim);
            dev.warden.recovery.method.RepairReport result = runner.run(inputs, judge,
                    p -> onProgress(id, claim, p), cancel);
            if (claim.lost) {
                outcome = Outcome.LOST;
            } else {
                outcome = succeed(id, spec, inputs, result, claim);
            }
        } catch (RepairCancelledException e) {
            if (claim.lost) {
                outcome = Outcome.LOST;
            } else if (claim.stop == JobStore.StopReason.CANCEL || !stopping) {
                outcome = end(id, consumer, JobState.CANCELLED, null, "", claim.lastStep, totalSteps);
            } else {
                append(id, claim, RepairProgress.of(claim.lastPhase, claim.lastStep,
                        totalSteps, 0, "interrupted: " + consumer + " is shutting down; another worker (or this"
                                + " replica, restarted) resumes the job from its last persisted step"));
                outcome = Outcome.LOST; // not ended: leave the queue entry pending for whoever resumes it
            }
        } catch (RepairFailedException | JudgeUnavailableException e) {
            outcome = claim.lost ? Outcome.LOST : end(id, consumer, JobState.FAILED, null, message(e), 0, totalSteps);
        } catch (Throwable t) {
            LOG.errorf(t, "job %s failed unexpectedly in worker %s", id, consumer);
            outcome = claim.lost ? Outcome.LOST : end(id, consumer, JobState.FAILED, null,
                    "internal error: " + t.getClass().getSimpleName() + ": " + message(t), 0, totalSteps);
        }
        if (outcome == Outcome.ENDED) {
            store.ack(entry.entryId());
        } else {
            LOG.infof("job %s: worker %s stops without ending it (%s)", id, consumer,
                    stopping ? "shutdown" : "another worker took it over");
        }
    }

    /** Loads into inference when asked, writes the report files, ends the job SUCCEEDED. */
    private Outcome succeed(String id, RepairSpec spec, RepairInputs inputs,
                            dev.warden.recovery.method.RepairReport result, Claim claim) {
        int totalSteps = spec.getOptions().getSteps();
        RepairReport.Builder report = ReportProtos.report(result).toBuilder();
        if (report.getOutputCheckpointPath().isEmpty()) {
            report.setOutputCheckpointPath(inputs.output().toString());
        }
        report.setLoadedIntoInference(false);
        if (spec.getLoadIntoInference()) {
            append(id, claim, RepairProgress.of(RepairPhase.LOADING_INTO_INFERENCE,
                    totalSteps, totalSteps, 0, "asking inference-service to load " + report.getOutputCheckpointPath()));
            InferenceLoader.Outcome loaded = loader.load(Path.of(report.getOutputCheckpointPath()));
            report.setLoadedIntoInference(loaded.loaded());
            append(id, claim, RepairProgress.of(RepairPhase.LOADING_INTO_INFERENCE,
                    totalSteps, totalSteps, 0, loaded.message()));
        }
        append(id, claim, RepairProgress.of(RepairPhase.WRITING, totalSteps, totalSteps, 0,
                "writing report.json and report.html"));
        RepairJob job = JobViews.job(store.load(id, false).orElseThrow(), false).toBuilder()
                .setState(RepairState.REPAIR_STATE_SUCCEEDED).setFinishedAt(Timestamps.fromMillis(clock.millis()))
                .setReport(report).build();
        RepairReport written;
        try {
            written = ReportFiles.write(Path.of(report.getOutputCheckpointPath()), job);
        } catch (IOException | UncheckedIOException e) {
            return end(id, consumer, JobState.FAILED, null, "the repaired checkpoint was written to "
                    + report.getOutputCheckpointPath() + " but the report could not be: " + message(e), 0, totalSteps);
        }
        if (claim.lost) {
            return Outcome.LOST;
        }
        return end(id, consumer, JobState.SUCCEEDED, written, "", totalSteps, totalSteps);
    }

    private void onProgress(String id, Claim claim, RepairProgress p) {
        claim.lastStep = p.step();
        if (p.phase() != null) {
            claim.lastPhase = p.phase();
        }
        long seq = append(id, claim, p);
        if (seq > 0 && p.row() != null) {
            metrics.step(p.row());
        }
    }

    /** Records a progress event; a failure of Redis is logged, not thrown (the runner's work matters more). */
    private long append(String id, Claim claim, RepairProgress p) {
        try {
            long seq = store.append(id, consumer, JobInputs.event(p, clock.millis()),
                    p.row() == null ? null : ReportProtos.row(p.row()));
            if (seq == 0) {
                claim.lost = true;
            }
            return seq;
        } catch (RuntimeException e) {
            LOG.warnf("job %s: cannot record a progress event (%s)", id, e.toString());
            return -1;
        }
    }

    private boolean shouldStop(String id, Claim claim) {
        if (claim.lost || stopping) {
            return true;
        }
        try {
            JobStore.StopReason reason = store.stopReason(id, consumer);
            if (reason == JobStore.StopReason.LOST) {
                claim.lost = true;
            }
            claim.stop = reason;
            return reason != JobStore.StopReason.NONE;
        } catch (RuntimeException e) {
            LOG.warnf("job %s: cannot check for cancellation (%s); going on", id, e.toString());
            return false;
        }
    }

    private void refresh(QueueEntry entry, Claim claim) {
        try {
            if (!store.refreshClaim(entry.entryId(), consumer)) {
                LOG.warnf("job %s: worker %s lost its claim; it stops at the next step boundary", entry.jobId(),
                        consumer);
                claim.lost = true;
            }
        } catch (RuntimeException e) {
            LOG.warnf("job %s: cannot refresh the claim (%s)", entry.jobId(), e.toString());
        }
    }

    /** Ends the job through {@link JobEnd}; ENDED, or LOST when another worker owns it now. */
    private Outcome end(String id, String owner, JobState state, RepairReport report, String reason, int step,
                        int totalSteps) {
        return ending.end(id, owner, state, report, reason, step, totalSteps) ? Outcome.ENDED : Outcome.LOST;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How a run ended for this worker. */
    private enum Outcome {
        /** The job reached a terminal state. */
        ENDED,
        /** Another worker owns it, or this one stops for shutdown: not ended here. */
        LOST
    }

    /** The claim on the running job's queue entry, and why the job should stop. */
    private static final class Claim {
        volatile boolean lost;
        volatile JobStore.StopReason stop = JobStore.StopReason.NONE;
        volatile int lastStep;
        volatile RepairPhase lastPhase = RepairPhase.PREPARING;
    }
}
