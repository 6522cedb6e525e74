package dev.warden.gateway.metrics;

import dev.warden.gateway.error.Upstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters, few and with fixed low-cardinality tags from enums (categories are the fourteen
 * S-codes, the detector's attack families and {@code none}):
 * <ul>
 * <li>{@code warden_gateway_requests_total{endpoint, outcome}}: requests by how they ended;</li>
 * <li>{@code warden_gateway_rail_decisions_total{rail, category, decision}}: rail decisions (a block counts
 *     once per category);</li>
 * <li>{@code warden_gateway_overhead_seconds{endpoint}}: time spent in the gateway itself, upstream waits
 *     excluded (histogram);</li>
 * <li>{@code warden_gateway_upstream_latency_seconds{upstream, rpc}}: gRPC call latency (histogram);</li>
 * <li>{@code warden_gateway_time_to_first_token_seconds}: arrival to the first content sent (histogram);</li>
 * <li>{@code warden_gateway_tokens_total{kind}}: prompt and completion tokens served;</li>
 * <li>{@code warden_gateway_fail_open_total{dependency}}: requests let through while a dependency was down;</li>
 * <li>{@code warden_gateway_audit_failures_total}: audit events that could not be written.</li>
 * </ul>
 * Thread-safe.
 */
public final class GatewayMetrics {

    private final MeterRegistry registry;
    private final Map<Endpoint, Map<Outcome, Counter>> requests = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Timer> overhead = new EnumMap<>(Endpoint.class);
    private final Map<String, Counter> railDecisions = new ConcurrentHashMap<>();
    private final Map<String, Timer> upstream = new ConcurrentHashMap<>();
    private final Map<String, Counter> failOpen = new ConcurrentHashMap<>();
    private final Timer timeToFirstToken;
    private final Counter promptTokens;
    private final Counter completionTokens;
    private final Counter auditFailures;

    /** Registers the meters in {@code registry}. */
    public GatewayMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        for (Endpoint endpoint : Endpoint.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("warden.gateway.requests")
                        .description("Requests by endpoint and how they ended")
                        .tags("endpoint", endpoint.tag(), "outcome", outcome.tag()).register(registry));
            }
            requests.put(endpoint, byOutcome);
            overhead.put(endpoint, histogram("warden.gateway.overhead",
                    "Time spent in the gateway itself, waits for inference and the judge excluded")
                    .tags("endpoint", endpoint.tag()).register(registry));
        }
        timeToFirstToken = histogram("warden.gateway.time.to.first.token",
                "Time from a chat request's arrival to the first content sent to the client").register(registry);
        promptTokens = Counter.builder("warden.gateway.tokens").description("Tokens served")
                .tags("kind", "prompt").register(registry);
        completionTokens = Counter.builder("warden.gateway.tokens").description("Tokens served")
                .tags("kind", "completion").register(registry);
        auditFailures = Counter.builder("warden.gateway.audit.failures")
                .description("Audit events that could not be written to Redis").register(registry);
    }

    private static Timer.Builder histogram(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(60));
    }

    /** Counts a finished request. */
    public void request(Endpoint endpoint, Outcome outcome) {
        requests.get(endpoint).get(outcome).increment();
    }

    /** Records the gateway's own time on a request. */
    public void overhead(Endpoint endpoint, long nanos) {
        overhead.get(endpoint).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts one rail decision; {@code category} is an S-code, an attack family tag or {@code none}. */
    public void railDecision(Rail rail, String category, RailDecision decision) {
        String key = rail.tag() + '|' + category + '|' + decision.tag();
        railDecisions.computeIfAbsent(key, k -> Counter.builder("warden.gateway.rail.decisions")
                .description("Rail decisions by rail, hazard category or attack family, and decision")
                .tags("rail", rail.tag(), "category", category, "decision", decision.tag())
                .register(registry)).increment();
    }

    /** Records one upstream call's latency. */
    public void upstream(Upstream which, String rpc, long nanos) {
        upstream.computeIfAbsent(which.tag() + '|' + rpc, k -> histogram("warden.gateway.upstream.latency",
                "Latency of gRPC calls to inference and the judge").tags("upstream", which.tag(), "rpc", rpc)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records a chat request's time to first token. */
    public void timeToFirstToken(long nanos) {
        timeToFirstToken.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts tokens served. */
    public void tokens(long prompt, long completion) {
        promptTokens.increment(prompt);
        completionTokens.increment(completion);
    }

    /**
     * Counts a request let through while {@code dependency} ({@code judge}, {@code redis}, or {@code inference} for
     * the suffix-perplexity rail's Score) was down.
     */
    public void failOpen(String dependency) {
        failOpen.computeIfAbsent(dependency, d -> Counter.builder("warden.gateway.fail.open")
                .description("Requests let through by a fail-open policy while a dependency was unavailable")
                .tags("dependency", d).register(registry)).increment();
    }

    /** Counts an audit event that could not be written. */
    public void auditFailure() {
        auditFailures.increment();
    }
}
