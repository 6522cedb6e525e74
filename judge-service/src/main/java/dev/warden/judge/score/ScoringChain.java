package dev.warden.judge.score;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The tiers in escalation order: each tier runs only when every cheaper one was {@link Certainty#UNSURE};
 * the first sure tier decides, or the last one allowed when none is sure.
 */
public final class ScoringChain {

    private final List<ScoringTier> tiers;

    /** A chain of {@code tiers} (sorted cheapest first; at most one per kind, at least one). */
    public ScoringChain(List<ScoringTier> tiers) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a scoring chain needs at least one tier");
        }
        List<ScoringTier> sorted = new ArrayList<>(tiers);
        sorted.sort(Comparator.comparing(ScoringTier::kind));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).kind() == sorted.get(i - 1).kind()) {
                throw new IllegalArgumentException("two tiers of kind " + sorted.get(i).kind());
            }
        }
        this.tiers = List.copyOf(sorted);
    }

    /** The kinds of the configured tiers, cheapest first. */
    public List<TierKind> kinds() {
        return tiers.stream().map(ScoringTier::kind).toList();
    }

    /**
     * Scores {@code subject}, escalating at most to {@code maxTier}.
     *
     * @return every tier that ran, in order; the last one decided
     */
    public CompletionStage<ChainOutcome> score(Subject subject, TierKind maxTier) {
        Objects.requireNonNull(maxTier, "maxTier");
        return next(subject, maxTier, 0, new ArrayList<>());
    }

    private CompletionStage<ChainOutcome> next(Subject subject, TierKind maxTier, int index, List<TierVerdict> ran) {
        ScoringTier tier = tiers.get(index);
        long start = System.nanoTime();
        return tier.score(subject).thenCompose(verdict -> {
            ran.add(verdict.withLatency(java.time.Duration.ofNanos(System.nanoTime() - start)));
            boolean more = index + 1 < tiers.size() && tiers.get(index + 1).kind().compareTo(maxTier) <= 0;
            if (verdict.certainty() != Certainty.UNSURE || !more) {
                return CompletableFuture.completedFuture(new ChainOutcome(ran));
            }
            return next(subject, maxTier, index + 1, ran);
        });
    }

    /**
     * The tiers that ran for one subject.
     *
     * @param ran in order; every one but the last escalated
     */
    public record ChainOutcome(List<TierVerdict> ran) {

        /** Copies the list. */
        public ChainOutcome {
            if (ran.isEmpty()) {
                throw new IllegalArgumentException("no tier ran");
            }
            ran = List.copyOf(ran);
        }

        /**
         * The deciding verdict: the last tier's, unless it could not judge at all (confidence 0, e.g. a guard
         * model whose answers did not parse), in which case the last tier before it that could.
         */
        public TierVerdict decided() {
            for (int i = ran.size() - 1; i > 0; i--) {
                if (ran.get(i).confidence() > 0f) {
                    return ran.get(i);
                }
            }
            return ran.get(0);
        }
    }
}
