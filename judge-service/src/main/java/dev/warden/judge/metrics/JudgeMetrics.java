package dev.warden.judge.metrics;

import dev.warden.judge.score.Judgement;
import dev.warden.judge.score.TierKind;
import dev.warden.judge.score.TierVerdict;
import dev.warden.judge.score.Verdict;
import dev.warden.guard.taxonomy.HazardCategory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The judge's metrics, tags from fixed enums. In Prometheus format ({@code /q/metrics}):
 * <ul>
 *   <li>{@code warden_judge_scores_total{verdict, category, tier}}: judgements by verdict, top hazard category
 *       ({@code none} when safe) and deciding tier</li>
 *   <li>{@code warden_judge_tier_latency_seconds{tier}} histogram: time each tier took</li>
 *   <li>{@code warden_judge_latency_seconds} histogram: whole judgements</li>
 *   <li>{@code warden_judge_reasoning_flagged_total}: unsafe reasoning behind a safe answer</li>
 * </ul>
 */
public final class JudgeMetrics {

    /** Meter names (Micrometer dotted form). */
    public static final String SCORES = "warden.judge.scores";
    /** See the class comment. */
    public static final String TIER_LATENCY = "warden.judge.tier.latency";
    /** See the class comment. */
    public static final String LATENCY = "warden.judge.latency";
    /** See the class comment. */
    public static final String REASONING_FLAGGED = "warden.judge.reasoning.flagged";

    private final MeterRegistry registry;
    private final Map<TierKind, Timer> tierLatency = new EnumMap<>(TierKind.class);
    private final Timer latency;
    private final Counter reasoningFlagged;

    /** Metrics registered in {@code registry}. */
    public JudgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (TierKind t : TierKind.values()) {
            tierLatency.put(t, timer(TIER_LATENCY, "Time one scoring tier took", t.tag()));
        }
        latency = Timer.builder(LATENCY).description("Time a whole judgement took").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        reasoningFlagged = Counter.builder(REASONING_FLAGGED)
                .description("Unsafe reasoning traces behind a safe answer").register(registry);
    }

    private Timer timer(String name, String description, String tier) {
        return Timer.builder(name).description(description).tag("tier", tier).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    /** Records one judgement. */
    public void record(Judgement j) {
        String category = j.verdict() == Verdict.UNSAFE ? j.categories().top().name().toLowerCase(Locale.ROOT) : "none";
        Counter.builder(SCORES).description("Judgements by verdict, top category and deciding tier")
                .tag("verdict", j.verdict().tag()).tag("category", category).tag("tier", j.decidedBy().tag())
                .register(registry).increment();
        for (TierVerdict t : j.tiers()) {
            tierLatency.get(t.tier()).record(t.latency());
        }
        latency.record(j.latency());
        if (j.reasoning().map(Judgement.ReasoningJudgement::flagged).orElse(false)) {
            reasoningFlagged.increment();
        }
    }

    /** The tag values of the category tag: every category's lower-case name, and {@code none}. */
    public static String categoryTag(HazardCategory c) {
        return c.name().toLowerCase(Locale.ROOT);
    }
}
