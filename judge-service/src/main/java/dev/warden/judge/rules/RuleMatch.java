package dev.warden.judge.rules;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.guard.text.Span;
import java.util.Objects;
import java.util.Optional;

/**
 * One lexicon match behind a rules result, as a span of the text as submitted (code points).
 *
 * @param kind     what the match contributed
 * @param category the hazard category, present for {@link MatchKind#HAZARD} only
 * @param side     which text the span points into
 * @param span     the span; its reason names the lexicon entry (and the encoding, for a decoded payload)
 * @param weight   the lexicon weight of the entry, in [0, 1]
 */
public record RuleMatch(MatchKind kind, Optional<HazardCategory> category, Side side, Span span, double weight) {

    /** Checks that exactly hazard matches carry a category. */
    public RuleMatch {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(span, "span");
        if (category.isPresent() != (kind == MatchKind.HAZARD)) {
            throw new IllegalArgumentException("a " + kind + " match " + (category.isPresent() ? "has no" : "needs a")
                    + " category");
        }
    }

    /** A hazard match. */
    public static RuleMatch hazard(HazardCategory category, Side side, Span span, double weight) {
        return new RuleMatch(MatchKind.HAZARD, Optional.of(category), side, span, weight);
    }

    /** A cue match (any kind but {@link MatchKind#HAZARD}). */
    public static RuleMatch cue(MatchKind kind, Side side, Span span, double weight) {
        return new RuleMatch(kind, Optional.empty(), side, span, weight);
    }

    /** The same match attributed to another side. */
    RuleMatch onSide(Side newSide) {
        return new RuleMatch(kind, category, newSide, span, weight);
    }
}
