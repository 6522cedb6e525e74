package dev.warden.gateway.pipeline;

import dev.warden.gateway.audit.AuditAction;
import dev.warden.gateway.audit.AuditEvent;
import dev.warden.gateway.auth.Authenticated;
import dev.warden.gateway.metrics.Endpoint;
import dev.warden.gateway.ratelimit.RateDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the gateway knows about one request while it runs: its id, clock and executor, who sent it, its rate
 * decision, and what the rails found, which becomes the audit event at the end. Belongs to one request, whose
 * steps run one after another; the collections are guarded by the instance's lock all the same, since a step
 * may complete on a Redis or worker thread before the request's event loop takes over again.
 */
public final class RequestState {

    private final String requestId;
    private final Endpoint endpoint;
    private final OverheadClock clock;
    private final Executor executor;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> railsFired = new ArrayList<>();
    private final List<String> categories = new ArrayList<>();
    private final Map<String, Double> scores = new LinkedHashMap<>();
    private final Map<String, Long> latenciesMs = new LinkedHashMap<>();
    private Authenticated caller;
    private RateDecision rate;
    private long reservedTokens;
    private String model;
    private String promptText;

    /**
     * The state of a request that just arrived.
     *
     * @param requestId the id (audit, {@code x-request-id}, completion id)
     * @param executor runs tasks on the request's event loop
     */
    public RequestState(String requestId, Endpoint endpoint, OverheadClock clock, Executor executor) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** The request id. */
    public String requestId() {
        return requestId;
    }

    /** The endpoint called. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The overhead clock. */
    public OverheadClock clock() {
        return clock;
    }

    /** Runs tasks on the request's event loop. */
    public Executor executor() {
        return executor;
    }

    /** Headers every response to this request carries (rate limits), lowercase names, in order. */
    public synchronized Map<String, String> headers() {
        return new LinkedHashMap<>(headers);
    }

    /** The authenticated caller, or null before (or without) authentication. */
    public Authenticated caller() {
        return caller;
    }

    /** Records the authenticated caller. */
    public void caller(Authenticated value) {
        caller = Objects.requireNonNull(value, "caller");
    }

    /** The rate decision, or null when rate limiting was skipped (fail-open) or not reached. */
    public RateDecision rate() {
        return rate;
    }

    /** Records the admitting rate decision and the tokens it reserved; its headers join {@link #headers()}. */
    public synchronized void admitted(RateDecision decision, long tokens) {
        rate = decision;
        reservedTokens = tokens;
        headers.putAll(decision.headers());
    }

    /** Tokens reserved by the rate limiter (0 when none were). */
    public long reservedTokens() {
        return rate == null ? 0 : reservedTokens;
    }

    /** The model asked for, or null. */
    public String model() {
        return model;
    }

    /** Records the model asked for. */
    public void model(String value) {
        model = value;
    }

    /** Keeps the prompt text for the audit event (kept only when the tenant's policy stores prompts). */
    public void promptText(String text) {
        promptText = text;
    }

    /** Records that a rail fired (or failed open), for the audit event; repeated names are kept once. */
    public synchronized void railFired(String rail) {
        if (!railsFired.contains(rail)) {
            railsFired.add(rail);
        }
    }

    /** Records a category found (S-code or attack family), once. */
    public synchronized void category(String category) {
        if (!categories.contains(category)) {
            categories.add(category);
        }
    }

    /** Records a named score (the highest value of a name is kept). */
    public synchronized void score(String name, double value) {
        scores.merge(name, value, Math::max);
    }

    /** Adds a named latency (repeated stages add up). */
    public synchronized void latency(String stage, long nanos) {
        latenciesMs.merge(stage, Math.max(0, nanos) / 1_000_000, Long::sum);
    }

    /** The rails fired so far. */
    public synchronized List<String> railsFired() {
        return List.copyOf(railsFired);
    }

    /**
     * The audit event of the request, or null when it was never authenticated (unauthenticated traffic is
     * counted in metrics only).
     */
    public synchronized AuditEvent auditEvent(AuditAction action) {
        if (caller == null) {
            return null;
        }
        AuditEvent.Builder event = AuditEvent.builder(requestId, action).tenant(caller.tenant())
                .keyId(caller.key().keyId()).model(model).prompt(promptText, caller.policy());
        railsFired.forEach(event::railFired);
        categories.forEach(event::category);
        scores.forEach(event::score);
        latenciesMs.forEach((stage, ms) -> event.latency(stage, Duration.ofMillis(ms)));
        event.latency("overhead", Duration.ofNanos(clock.overheadNanos()));
        event.latency("total", Duration.ofNanos(clock.elapsed()));
        return event.build();
    }
}
