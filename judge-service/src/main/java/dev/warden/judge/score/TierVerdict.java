package dev.warden.judge.score;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one tier concluded about one text.
 *
 * @param tier         the tier
 * @param categories   per-category harm scores
 * @param certainty    whether the chain may stop here
 * @param confidence   in [0, 1]: how far from unsure (for the LLM judge, its templates' agreement)
 * @param refusal      for a response, the probability it is a refusal; empty for a prompt or when the tier
 *                     does not judge refusals
 * @param spans        harm spans found (may be empty)
 * @param latency      time the tier took
 */
public record TierVerdict(TierKind tier, CategoryScores categories, Certainty certainty, float confidence,
                          OptionalDouble refusal, List<Span> spans, Duration latency) {

    /** Requires every part; copies the spans. */
    public TierVerdict {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(certainty, "certainty");
        Objects.requireNonNull(refusal, "refusal");
        Objects.requireNonNull(latency, "latency");
        spans = List.copyOf(spans);
    }

    /** The harm score: the highest category score. */
    public float score() {
        return categories.max();
    }

    /** The same verdict with its latency set. */
    public TierVerdict withLatency(Duration took) {
        return new TierVerdict(tier, categories, certainty, confidence, refusal, spans, took);
    }
}
