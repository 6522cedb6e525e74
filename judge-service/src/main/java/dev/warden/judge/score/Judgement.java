package dev.warden.judge.score;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The judge's answer about one prompt, or one response with its prompt.
 *
 * @param verdict      on the response's final answer when there is one, else on the prompt
 * @param categories   per-category scores behind the verdict
 * @param threshold    the score at and above which a category (and the verdict) is unsafe
 * @param stance       for a response, refusal or compliance; NONE for a prompt
 * @param refusalScore for a response, the probability it is a refusal; 0 for a prompt
 * @param bias         bias and stereotype assessment of the judged text
 * @param decidedBy    the tier whose verdict is final
 * @param confidence   that tier's confidence
 * @param tiers        every tier that ran, in order
 * @param reasoning    the separate judgement of a reasoning trace, if there was one
 * @param latency      wall-clock time of the whole judgement
 */
public record Judgement(Verdict verdict, CategoryScores categories, float threshold, Stance stance,
                        float refusalScore, BiasFinding bias, TierKind decidedBy, float confidence,
                        List<TierVerdict> tiers, Optional<ReasoningJudgement> reasoning, Duration latency) {

    /** Copies the tier list. */
    public Judgement {
        tiers = List.copyOf(tiers);
    }

    /** The harm score: the highest category score. */
    public float score() {
        return categories.max();
    }

    /**
     * The judgement of a reasoning trace.
     *
     * @param verdict    on the trace alone
     * @param categories per-category scores of the trace
     * @param flagged    the trace is unsafe while the overall verdict is safe
     */
    public record ReasoningJudgement(Verdict verdict, CategoryScores categories, boolean flagged) {

        /** The trace's harm score. */
        public float score() {
            return categories.max();
        }
    }
}
