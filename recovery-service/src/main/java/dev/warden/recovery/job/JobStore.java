package dev.warden.recovery.job;

import dev.warden.recovery.json.ProtoJson;
import dev.warden.proto.v1.RepairEvent;
import dev.warden.proto.v1.RepairReport;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.RepairStepRow;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The jobs in Redis ({@link JobKeys} lists the keys): creation, state changes and events through atomic
 * scripts ({@link RedisScripts}), reads, listing, and the queue (a stream read through the consumer group
 * {@value JobKeys#GROUP}). Blocking: call it from worker threads, never from an event loop. Every Redis
 * failure is a {@link dev.warden.recovery.error.StoreUnavailableException}.
 */
public final class JobStore {

    /** What {@link #create} did. */
    public enum CreateOutcome {
        /** A new job was queued. */
        CREATED,
        /** The idempotency key was already used; {@link Created#id()} is the earlier job. */
        IDEMPOTENT,
        /** Another job already writes to the output path; {@link Created#id()} is that job. */
        OUTPUT_TAKEN
    }

    /**
     * The result of {@link #create}.
     *
     * @param outcome what happened
     * @param id      the new job, the earlier one, or the job holding the output path
     */
    public record Created(CreateOutcome outcome, String id) {
    }

    /** What {@link #start} found. */
    public enum StartOutcome {
        /** The job is RUNNING, owned by the caller. */
        STARTED,
        /** The job no longer exists. */
        MISSING,
        /** The job already ended (e.g. cancelled while queued). */
        TERMINAL,
        /** The job was started max-attempts times already. */
        EXHAUSTED
    }

    /**
     * The result of {@link #start}.
     *
     * @param outcome         what happened
     * @param attempts        starts so far, this one included when STARTED
     * @param cancelRequested whether cancellation was requested before this start
     */
    public record Start(StartOutcome outcome, int attempts, boolean cancelRequested) {
    }

    /** What {@link #finish} found. */
    public enum FinishOutcome {
        /** The job now is in the requested terminal state. */
        FINISHED,
        /** Another worker owns the job now; nothing was changed. */
        LOST,
        /** The job had already ended, or no longer exists. */
        GONE
    }

    /** What {@link #cancel} did. */
    public enum CancelOutcome {
        /** A queued job is now CANCELLED. */
        CANCELLED,
        /** A running job has cancel_requested set (now or before). */
        REQUESTED,
        /** The job was already CANCELLED. */
        UNCHANGED,
        /** The job SUCCEEDED or FAILED. */
        CONFLICT,
        /** No such job. */
        MISSING
    }

    private final RedisCalls redis;
    private final JobKeys keys;

    /** A store over {@code redis} with {@code keys}. */
    public JobStore(RedisCalls redis, JobKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The keys. */
    public JobKeys keys() {
        return keys;
    }

    /** Creates the queue and its consumer group when missing. */
    public void init() {
        String error = redis.callForError("creating the job queue", "XGROUP", "CREATE", keys.queue(), JobKeys.GROUP,
                "0", "MKSTREAM");
        if (error != null && !"BUSYGROUP".equals(error)) {
            throw new IllegalStateException("cannot create the consumer group of " + keys.queue() + ": " + error);
        }
    }

    /** Queues a new job with its first event (sequence 1), atomically with the idempotency and output records. */
    public Created create(String id, RepairSpec spec, String specHash, String idempotencyKey, long createdMillis,
                          RepairEvent first) {
        String idem = idempotencyKey.isEmpty() ? "" : keys.idempotency(idempotencyKey);
        Response r = redis.eval("submit", RedisScripts.SUBMIT,
                List.of(keys.job(id), keys.events(id), keys.index(), keys.state(JobState.QUEUED), keys.queue(), idem,
                        keys.output(spec.getOutputPath())),
                List.of(id, ProtoJson.stored(spec), specHash, idempotencyKey, Long.toString(createdMillis),
                        ProtoJson.stored(first)));
        String outcome = r.get(0).toString();
        String other = r.get(1).toString();
        return switch (outcome) {
            case "created" -> new Created(CreateOutcome.CREATED, other);
            case "idem" -> new Created(CreateOutcome.IDEMPOTENT, other);
            default -> new Created(CreateOutcome.OUTPUT_TAKEN, other);
        };
    }

    /** The job an idempotency key created, if any. */
    public Optional<String> idempotentJob(String idempotencyKey) {
        return Optional.ofNullable(RedisCalls.text(redis.call("idempotency lookup", "GET",
                keys.idempotency(idempotencyKey))));
    }

    /** The job, with its step rows when {@code withSteps}; empty when unknown. */
    public Optional<StoredJob> load(String id, boolean withSteps) {
        Map<String, String> fields = hash("reading a job", keys.job(id));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        SortedMap<Integer, String> steps = new TreeMap<>();
        if (withSteps) {
            hash("reading step rows", keys.steps(id)).forEach((k, v) -> steps.put(Integer.parseInt(k), v));
        }
        return Optional.of(new StoredJob(id, fields, steps));
    }

    /**
     * Up to {@code limit} job ids, newest first, older than {@code afterId} (null: from the newest), of the
     * given states (empty: all).
     */
    public List<String> page(Collection<JobState> states, String afterId, int limit) {
        String max = afterId == null ? "+" : "(" + afterId;
        List<String> sources = new ArrayList<>();
        if (states.isEmpty()) {
            sources.add(keys.index());
        } else {
            for (JobState s : new TreeSet<>(states)) {
                sources.add(keys.state(s));
            }
        }
        TreeSet<String> merged = new TreeSet<>(java.util.Comparator.reverseOrder());
        for (String key : sources) {
            Response r = redis.call("listing jobs", "ZREVRANGEBYLEX", key, max, "-", "LIMIT", "0",
                    Integer.toString(limit));
            for (int i = 0; r != null && i < r.size(); i++) {
                merged.add(r.get(i).toString());
            }
        }
        List<String> ids = new ArrayList<>(limit);
        for (String id : merged) {
            if (ids.size() == limit) {
                break;
            }
            ids.add(id);
        }
        return ids;
    }

    /** Marks the job RUNNING for {@code consumer} and counts the attempt. */
    public Start start(String id, String consumer, long nowMillis, int maxAttempts) {
        Response r = redis.eval("starting a job", RedisScripts.START, List.of(keys.job(id)),
                List.of(keys.prefix(), id, consumer, Long.toString(nowMillis), Integer.toString(maxAttempts)));
        return switch (r.get(0).toString()) {
            case "started" -> new Start(StartOutcome.STARTED, Integer.parseInt(r.get(1).toString()),
                    "1".equals(r.get(2).toString()));
            case "exhausted" -> new Start(StartOutcome.EXHAUSTED, Integer.parseInt(r.get(1).toString()), false);
            case "terminal" -> new Start(StartOutcome.TERMINAL, 0, false);
            default -> new Start(StartOutcome.MISSING, 0, false);
        };
    }

    /**
     * Records a progress event (and the step row it completes) of a job {@code consumer} runs.
     *
     * @return the event's sequence, or 0 when the job is not running or another worker owns it now
     */
    public long append(String id, String consumer, RepairEvent event, RepairStepRow row) {
        Response r = redis.eval("recording progress", RedisScripts.APPEND,
                List.of(keys.job(id), keys.events(id), keys.steps(id)),
                List.of(consumer, ProtoJson.stored(event), row == null ? "" : Integer.toString(row.getStep()),
                        row == null ? "" : ProtoJson.stored(row)));
        return r.toLong();
    }

    /**
     * Ends a job in the terminal {@code state} with its last event.
     *
     * @param consumer the worker that owns it, or {@code *} for whoever does
     * @param report   the final report, or null
     * @param reason   the failure reason ("" unless FAILED)
     */
    public FinishOutcome finish(String id, String consumer, JobState state, RepairEvent event, RepairReport report,
                                String reason, long nowMillis) {
        Response r = redis.eval("ending a job", RedisScripts.FINISH, List.of(keys.job(id), keys.events(id)),
                List.of(keys.prefix(), id, consumer, state.name(), ProtoJson.stored(event), Long.toString(nowMillis),
                        report == null ? "" : ProtoJson.stored(report), reason));
        return switch (r.get(0).toString()) {
            case "finished" -> FinishOutcome.FINISHED;
            case "lost" -> FinishOutcome.LOST;
            default -> FinishOutcome.GONE;
        };
    }

    /** Cancels: a queued job with the event {@code cancelled}, a running one by recording {@code requested}. */
    public CancelOutcome cancel(String id, RepairEvent cancelled, RepairEvent requested, long nowMillis) {
        Response r = redis.eval("cancelling a job", RedisScripts.CANCEL, List.of(keys.job(id), keys.events(id)),
                List.of(keys.prefix(), id, ProtoJson.stored(cancelled), ProtoJson.stored(requested),
                        Long.toString(nowMillis)));
        return switch (r.get(0).toString()) {
            case "cancelled" -> CancelOutcome.CANCELLED;
            case "requested", "already" -> CancelOutcome.REQUESTED;
            case "unchanged" -> CancelOutcome.UNCHANGED;
            case "conflict" -> CancelOutcome.CONFLICT;
            default -> CancelOutcome.MISSING;
        };
    }

    /** Why a running job should stop, as {@link #stopReason} sees it. */
    public enum StopReason {
        /** Keep going. */
        NONE,
        /** Cancellation was requested. */
        CANCEL,
        /** The job is no longer running, or another worker owns it now. */
        LOST
    }

    /** Whether (and why) the worker {@code consumer} should stop the job at this step boundary. */
    public StopReason stopReason(String id, String consumer) {
        Response r = redis.call("checking for cancellation", "HMGET", keys.job(id), "state", "owner",
                "cancel_requested");
        if (r == null || r.get(0) == null || !"RUNNING".equals(r.get(0).toString()) || r.get(1) == null
                || !consumer.equals(r.get(1).toString())) {
            return StopReason.LOST;
        }
        return r.get(2) != null && "1".equals(r.get(2).toString()) ? StopReason.CANCEL : StopReason.NONE;
    }

    /** Up to {@code count} events of a job with a sequence above {@code afterSequence}, in order. */
    public List<StoredEvent> events(String id, long afterSequence, int count) {
        Response r = redis.call("reading events", "XRANGE", keys.events(id), "(0-" + afterSequence, "+", "COUNT",
                Integer.toString(count));
        return entries(r);
    }

    /**
     * Waits up to {@code blockMillis} for events of several jobs after their cursors (XREAD BLOCK).
     *
     * @param cursors job id to the last sequence already seen
     * @return job id to its new events; empty when none came
     */
    public Map<String, List<StoredEvent>> awaitEvents(Map<String, Long> cursors, int count, long blockMillis) {
        List<String> args = new ArrayList<>(List.of("COUNT", Integer.toString(count), "BLOCK",
                Long.toString(blockMillis), "STREAMS"));
        List<String> ids = new ArrayList<>(cursors.keySet());
        ids.forEach(id -> args.add(keys.events(id)));
        ids.forEach(id -> args.add("0-" + cursors.get(id)));
        Response r = redis.call("waiting for events", "XREAD", args.toArray(new String[0]));
        Map<String, List<StoredEvent>> out = new HashMap<>();
        for (int i = 0; r != null && i < r.size(); i++) {
            String key = r.get(i).get(0).toString();
            out.put(key.substring(keys.events("").length()), entries(r.get(i).get(1)));
        }
        return out;
    }

    /** The number of jobs per state. */
    public Map<JobState, Long> counts() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            counts.put(s, redis.call("counting jobs", "ZCARD", keys.state(s)).toLong());
        }
        return counts;
    }

    /**
     * Takes over the oldest queue entry whose holder has not refreshed its claim for {@code minIdleMillis}
     * (a worker that died), if any.
     */
    public Optional<QueueEntry> claimStale(String consumer, long minIdleMillis) {
        String cursor = "0-0";
        for (int round = 0; round < 100; round++) {
            Response r = redis.call("reclaiming a stale job", "XAUTOCLAIM", keys.queue(), JobKeys.GROUP, consumer,
                    Long.toString(minIdleMillis), cursor, "COUNT", "1");
            Response claimed = r.get(1);
            for (int i = 0; i < claimed.size(); i++) {
                Optional<QueueEntry> entry = entry(claimed.get(i), true);
                if (entry.isPresent()) {
                    return entry;
                }
            }
            cursor = r.get(0).toString();
            if ("0-0".equals(cursor)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The first queue entry already delivered to {@code consumer} and not acknowledged (a restart under the same name). */
    public Optional<QueueEntry> readOwnPending(String consumer) {
        while (true) {
            Response r = redis.call("reading own pending jobs", "XREADGROUP", "GROUP", JobKeys.GROUP, consumer,
                    "COUNT", "1", "STREAMS", keys.queue(), "0");
            if (r == null || r.size() == 0 || r.get(0).get(1).size() == 0) {
                return Optional.empty();
            }
            Response item = r.get(0).get(1).get(0);
            Optional<QueueEntry> entry = entry(item, true);
            if (entry.isPresent()) {
                return entry;
            }
            ack(item.get(0).toString()); // deleted from the stream: drop the dangling pending entry
        }
    }

    /** Waits up to {@code blockMillis} for a new queue entry and takes it for {@code consumer}. */
    public Optional<QueueEntry> readNew(String consumer, long blockMillis) {
        Response r = redis.call("reading the job queue", "XREADGROUP", "GROUP", JobKeys.GROUP, consumer, "COUNT", "1",
                "BLOCK", Long.toString(blockMillis), "STREAMS", keys.queue(), ">");
        if (r == null || r.size() == 0 || r.get(0).get(1).size() == 0) {
            return Optional.empty();
        }
        return entry(r.get(0).get(1).get(0), false);
    }

    /** Resets the idle time of {@code consumer}'s claim; false when another consumer holds the entry now. */
    public boolean refreshClaim(String entryId, String consumer) {
        return redis.eval("refreshing a claim", RedisScripts.REFRESH_CLAIM, List.of(keys.queue()),
                List.of(JobKeys.GROUP, entryId, consumer)).toLong() == 1;
    }

    /** Acknowledges and deletes a queue entry (its job ended, or no longer needs running). */
    public void ack(String entryId) {
        redis.call("acknowledging a job", "XACK", keys.queue(), JobKeys.GROUP, entryId);
        redis.call("acknowledging a job", "XDEL", keys.queue(), entryId);
    }

    private Optional<QueueEntry> entry(Response item, boolean reclaimed) {
        if (item == null || item.size() < 2 || item.get(1) == null) {
            return Optional.empty();
        }
        Map<String, String> fields = pairs(item.get(1));
        String job = fields.get("job");
        return job == null ? Optional.empty() : Optional.of(new QueueEntry(item.get(0).toString(), job, reclaimed));
    }

    private static List<StoredEvent> entries(Response r) {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; r != null && i < r.size(); i++) {
            Response item = r.get(i);
            String id = item.get(0).toString();
            Map<String, String> fields = pairs(item.get(1));
            events.add(new StoredEvent(Long.parseLong(id.substring(id.indexOf('-') + 1)),
                    JobState.valueOf(fields.getOrDefault("s", "RUNNING")), fields.getOrDefault("e", "{}")));
        }
        return events;
    }

    private Map<String, String> hash(String operation, String key) {
        Response r = redis.call(operation, "HGETALL", key); // RESP2 (application.properties): a flat array
        return pairs(r);
    }

    private static Map<String, String> pairs(Response r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; r != null && i + 1 < r.size(); i += 2) {
            out.put(r.get(i).toString(), r.get(i + 1) == null ? null : r.get(i + 1).toString());
        }
        return out;
    }
}
