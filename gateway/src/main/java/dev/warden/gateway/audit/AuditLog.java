package dev.warden.gateway.audit;

import dev.warden.gateway.state.RedisState;
import dev.warden.gateway.state.StateUnavailableException;
import dev.warden.gateway.state.StateUnavailableException.Reason;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The audit trail in the Redis stream {@code <ns>audit}: {@link #record} appends an event with
 * {@code XADD ... MAXLEN ~ <cap>} (Redis trims whole stream nodes, so the stream may hold somewhat more
 * than the cap, never unboundedly more); {@link #read} returns the newest entries.
 *
 * <p>Stream fields: {@code request_id}, {@code action} ({@code allowed | blocked | cut | error}),
 * {@code tenant}, {@code key_id}, {@code model} (each omitted when unknown), {@code rails} and
 * {@code categories} (JSON arrays), {@code scores} and {@code latency_ms} (JSON objects), and {@code prompt}
 * only when the tenant's policy stores prompts.
 *
 * <p>Asynchronous and non-blocking; Redis failures fail the {@link Uni} with
 * {@link StateUnavailableException}. Thread-safe.
 */
public final class AuditLog {

    /** The cap on the stream's length when none is configured: 1,000,000 events. */
    public static final long DEFAULT_MAX_LENGTH = 1_000_000L;
    /** The most entries {@link #read} returns at once. */
    public static final int MAX_READ = 10_000;

    private final RedisState state;
    private final long maxLength;

    /** An audit log in {@code state}'s namespace, capped at {@link #DEFAULT_MAX_LENGTH}. */
    public AuditLog(RedisState state) {
        this(state, DEFAULT_MAX_LENGTH);
    }

    /**
     * An audit log capped at about {@code maxLength} events.
     *
     * @throws IllegalArgumentException when {@code maxLength < 1}
     */
    public AuditLog(RedisState state, long maxLength) {
        this.state = Objects.requireNonNull(state, "state");
        if (maxLength < 1) {
            throw new IllegalArgumentException("the audit stream's maximum length must be >= 1, got " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** The stream's Redis key, {@code <ns>audit}. */
    public String streamKey() {
        return state.key("audit");
    }

    /** Appends {@code event} to the stream. */
    public Uni<Void> record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        Request xadd = Request.cmd(Command.XADD).arg(streamKey()).arg("MAXLEN").arg("~").arg(maxLength).arg("*");
        fields(event).forEach((name, value) -> xadd.arg(name).arg(value));
        return state.send("record audit event", xadd).replaceWithVoid();
    }

    /**
     * The newest events, newest first.
     *
     * @param count how many, 1 to {@link #MAX_READ}
     * @throws IllegalArgumentException when {@code count} is out of range
     */
    public Uni<List<AuditEntry>> read(int count) {
        if (count < 1 || count > MAX_READ) {
            throw new IllegalArgumentException("count must be in 1.." + MAX_READ + ", got " + count);
        }
        Request xrevrange = Request.cmd(Command.XREVRANGE).arg(streamKey()).arg("+").arg("-").arg("COUNT").arg(count);
        return state.send("read audit events", xrevrange).map(AuditLog::entries);
    }

    /** The stream fields of an event, in a fixed order. */
    static Map<String, String> fields(AuditEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("request_id", event.requestId());
        fields.put("action", event.action().wire());
        putIfPresent(fields, "tenant", event.tenant());
        putIfPresent(fields, "key_id", event.keyId());
        putIfPresent(fields, "model", event.model());
        fields.put("rails", new JsonArray(event.railsFired()).encode());
        fields.put("categories", new JsonArray(event.categories()).encode());
        fields.put("scores", new JsonObject(new LinkedHashMap<>(event.scores())).encode());
        fields.put("latency_ms", new JsonObject(new LinkedHashMap<>(event.latenciesMs())).encode());
        putIfPresent(fields, "prompt", event.promptText());
        return fields;
    }

    /**
     * The event stored as {@code fields} (as written by {@link #fields}).
     *
     * @throws RuntimeException (IllegalArgumentException, ClassCastException, DecodeException) when they
     *     do not hold a valid event
     */
    static AuditEvent event(Map<String, String> fields) {
        List<String> rails = new ArrayList<>();
        new JsonArray(fields.getOrDefault("rails", "[]")).forEach(r -> rails.add((String) r));
        List<String> categories = new ArrayList<>();
        new JsonArray(fields.getOrDefault("categories", "[]")).forEach(c -> categories.add((String) c));
        Map<String, Double> scores = new LinkedHashMap<>();
        new JsonObject(fields.getOrDefault("scores", "{}"))
                .forEach(e -> scores.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
        Map<String, Long> latencies = new LinkedHashMap<>();
        new JsonObject(fields.getOrDefault("latency_ms", "{}"))
                .forEach(e -> latencies.put(e.getKey(), ((Number) e.getValue()).longValue()));
        return new AuditEvent(fields.get("request_id"), fields.get("tenant"), fields.get("key_id"),
                fields.get("model"), AuditAction.fromWire(fields.get("action")), rails, categories, scores,
                latencies, fields.get("prompt"));
    }

    private static List<AuditEntry> entries(Response reply) {
        List<AuditEntry> entries = new ArrayList<>();
        if (reply == null) {
            return entries;
        }
        for (Response entry : reply) {
            String id = entry.get(0).toString();
            try {
                entries.add(AuditEntry.of(id, event(fieldMap(entry.get(1)))));
            } catch (RuntimeException e) {
                throw new StateUnavailableException("read audit events", Reason.CORRUPT, e);
            }
        }
        return entries;
    }

    /** A stream entry's fields: a flat array {@code [f1, v1, f2, v2...]} (RESP2) or a map (RESP3). */
    private static Map<String, String> fieldMap(Response fields) {
        Map<String, String> map = new HashMap<>();
        if (fields.isMap()) {
            fields.getKeys().forEach(k -> map.put(k, fields.get(k).toString()));
        } else {
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                map.put(fields.get(i).toString(), fields.get(i + 1).toString());
            }
        }
        return map;
    }

    private static void putIfPresent(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
