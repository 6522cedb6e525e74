package dev.warden.recovery.job;

import com.google.protobuf.util.Timestamps;
import dev.warden.proto.v1.ListRepairsRequest;
import dev.warden.proto.v1.ListRepairsResponse;
import dev.warden.proto.v1.RepairEvent;
import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairPhase;
import dev.warden.proto.v1.RepairReport;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.RepairState;
import dev.warden.proto.v1.SubmitRepairRequest;
import dev.warden.proto.v1.SubmitRepairResponse;
import dev.warden.recovery.error.IdempotencyConflictException;
import dev.warden.recovery.error.InvalidArgumentException;
import dev.warden.recovery.error.JobFinishedException;
import dev.warden.recovery.error.NotFoundException;
import dev.warden.recovery.report.ReportHtml;
import dev.warden.recovery.validate.SpecValidator;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The repair jobs' API, shared by REST and gRPC (both only map): submit (validated, idempotent, queued),
 * get, list, cancel, watch, report. Blocking (Redis, file headers): call it from worker threads.
 */
public final class RepairService {

    /** Longest idempotency key. */
    public static final int MAX_IDEMPOTENCY_KEY = 128;
    /** Page size when none is asked for. */
    public static final int DEFAULT_PAGE_SIZE = 50;
    /** Largest page. */
    public static final int MAX_PAGE_SIZE = 500;

    private final JobStore store;
    private final SpecValidator validator;
    private final EventHub hub;
    private final JobIds ids = new JobIds();
    private final Clock clock;

    /** The service over its parts. */
    public RepairService(JobStore store, SpecValidator validator, EventHub hub, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.hub = hub;
        this.clock = clock;
    }

    /**
     * Validates and queues a repair, or returns the earlier job of the same idempotency key and spec.
     *
     * @throws IdempotencyConflictException when the key was used for another spec
     */
    public SubmitRepairResponse submit(SubmitRepairRequest request) {
        String key = request.getIdempotencyKey();
        if (key.length() > MAX_IDEMPOTENCY_KEY) {
            throw new InvalidArgumentException("idempotency_key", key.length() + " characters; the limit is "
                    + MAX_IDEMPOTENCY_KEY);
        }
        String specHash = JobKeys.sha256(validator.normalized(request.getSpec()).toByteArray());
        if (!key.isEmpty()) {
            String earlier = store.idempotentJob(key).orElse(null);
            if (earlier != null) {
                return existing(earlier, specHash);
            }
        }
        RepairSpec spec = validator.validate(request.getSpec());
        long now = clock.millis();
        String id = ids.next(now);
        if (spec.getOutputPath().isEmpty()) {
            spec = spec.toBuilder().setOutputPath(validator.outputs().fresh(SpecValidator.OUTPUT, id).toString()).build();
        }
        RepairEvent first = RepairEvent.newBuilder().setTime(Timestamps.fromMillis(now))
                .setPhase(RepairPhase.REPAIR_PHASE_UNSPECIFIED).setTotalSteps(spec.getOptions().getSteps())
                .setMessage("queued").build();
        JobStore.Created created = store.create(id, spec, specHash, key, now, first);
        switch (created.outcome()) {
            case CREATED:
                RepairJob job = RepairJob.newBuilder().setJobId(id).setState(RepairState.REPAIR_STATE_QUEUED)
                        .setSpec(spec).setIdempotencyKey(key).setCreatedAt(Timestamps.fromMillis(now))
                        .setProgress(first.toBuilder().setJobId(id).setSequence(1)
                                .setState(RepairState.REPAIR_STATE_QUEUED)).build();
                return SubmitRepairResponse.newBuilder().setJob(job).setExisting(false).build();
            case IDEMPOTENT:
                return existing(created.id(), specHash);
            default:
                throw new InvalidArgumentException(SpecValidator.OUTPUT, "'" + spec.getOutputPath()
                        + "' is already the output of job " + created.id());
        }
    }

    private SubmitRepairResponse existing(String jobId, String specHash) {
        StoredJob job = store.load(jobId, true).orElseThrow(() -> new IdempotencyConflictException(jobId));
        if (!specHash.equals(job.field("spec_hash", ""))) {
            throw new IdempotencyConflictException(jobId);
        }
        return SubmitRepairResponse.newBuilder().setJob(JobViews.job(job, true)).setExisting(true).build();
    }

    /** The job, its report's step rows included. */
    public RepairJob get(String jobId) {
        return JobViews.job(load(jobId), true);
    }

    /** A page of jobs, newest first, without step rows. */
    public ListRepairsResponse list(ListRepairsRequest request) {
        int size = request.getPageSize();
        if (size < 0 || size > MAX_PAGE_SIZE) {
            throw new InvalidArgumentException("page_size", "must be in [0, " + MAX_PAGE_SIZE + "] (0 means "
                    + DEFAULT_PAGE_SIZE + "), got " + size);
        }
        if (size == 0) {
            size = DEFAULT_PAGE_SIZE;
        }
        String after = PageToken.decode(request.getPageToken());
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        for (int i = 0; i < request.getStatesCount(); i++) {
            RepairState s = request.getStates(i);
            JobState state = JobState.of(s);
            if (state == null) {
                throw new InvalidArgumentException("states[" + i + "]", "not a job state: "
                        + (s == RepairState.UNRECOGNIZED ? request.getStatesValue(i) : s.name())
                        + " (QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED)");
            }
            states.add(state);
        }
        List<String> page = store.page(states, after, size + 1);
        ListRepairsResponse.Builder b = ListRepairsResponse.newBuilder();
        for (String id : page.subList(0, Math.min(size, page.size()))) {
            store.load(id, false).ifPresent(job -> b.addJobs(JobViews.job(job, false)));
        }
        if (page.size() > size) {
            b.setNextPageToken(PageToken.after(page.get(size - 1)));
        }
        return b.build();
    }

    /**
     * Cancels: a queued job at once, a running one at its next step boundary; a cancelled one is returned
     * unchanged.
     *
     * @throws JobFinishedException for a job that succeeded or failed
     */
    public RepairJob cancel(String jobId) {
        StoredJob job = load(jobId);
        RepairEvent progress = JobViews.job(job, false).getProgress();
        long now = clock.millis();
        RepairEvent cancelled = RepairEvent.newBuilder().setTime(Timestamps.fromMillis(now))
                .setPhase(RepairPhase.REPAIR_PHASE_FINISHED).setTotalSteps(progress.getTotalSteps())
                .setMessage("cancelled before it started").build();
        RepairEvent requested = progress.toBuilder().clearJobId().clearSequence().clearState()
                .setTime(Timestamps.fromMillis(now)).clearHarmfulRate().clearTaskScore().setRestoredCount(0)
                .setRolledBackCount(0).setMessage("cancel requested: stopping at the next step boundary").build();
        JobStore.CancelOutcome outcome = store.cancel(jobId, cancelled, requested, now);
        if (outcome == JobStore.CancelOutcome.MISSING) {
            throw NotFoundException.job(jobId);
        }
        if (outcome == JobStore.CancelOutcome.CONFLICT) {
            throw new JobFinishedException(jobId, load(jobId).state().name());
        }
        return get(jobId);
    }

    /**
     * Watches a job's events after {@code afterSequence}: replayed, then live, ending after the terminal one.
     *
     * @throws NotFoundException for an unknown job
     */
    public EventHub.Subscription watch(String jobId, long afterSequence, EventHub.Sink sink) {
        if (afterSequence < 0) {
            throw new InvalidArgumentException("after_sequence", "must be >= 0, got " + afterSequence);
        }
        load(jobId);
        return hub.subscribe(jobId, afterSequence, sink);
    }

    /** Checks that the job exists (for callers that subscribe later). */
    public void requireJob(String jobId) {
        load(jobId);
    }

    /** The job's report: step rows so far while it runs, the whole report once it succeeded. */
    public RepairReport report(String jobId) {
        return get(jobId).getReport();
    }

    /** The report as a self-contained HTML page. */
    public String reportHtml(String jobId) {
        return ReportHtml.render(get(jobId));
    }

    private StoredJob load(String jobId) {
        if (jobId == null || jobId.isEmpty()) {
            throw new InvalidArgumentException("job_id", "required");
        }
        if (!JobIds.isValid(jobId)) {
            throw NotFoundException.job(jobId);
        }
        return store.load(jobId, true).orElseThrow(() -> NotFoundException.job(jobId));
    }
}
