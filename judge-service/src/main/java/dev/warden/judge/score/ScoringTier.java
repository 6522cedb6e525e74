package dev.warden.judge.score;

import java.util.concurrent.CompletionStage;

/**
 * One tier of the scoring chain. Tiers 1 and 2 compute in microseconds and return a completed stage; the
 * LLM judge completes when inference-service answers. A tier never fails for a judgement it cannot make:
 * it answers {@link Certainty#UNSURE} with confidence 0 instead (a failure is for an unreachable upstream).
 */
public interface ScoringTier {

    /** Which tier this is. */
    TierKind kind();

    /** Scores {@code subject}. */
    CompletionStage<TierVerdict> score(Subject subject);
}
