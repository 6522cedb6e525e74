package dev.warden.judge.tiers;

import dev.warden.judge.classifier.HarmClassifier;
import dev.warden.judge.classifier.Head;
import dev.warden.judge.classifier.PromptScore;
import dev.warden.judge.classifier.ResponseScore;
import dev.warden.judge.score.CategoryScores;
import dev.warden.judge.score.Certainty;
import dev.warden.judge.score.ScoringTier;
import dev.warden.judge.score.Subject;
import dev.warden.judge.score.TierKind;
import dev.warden.judge.score.TierVerdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tier 2: the learned classifier ({@link HarmClassifier}, trained in Java on the project's corpus). Its
 * harm heads (any harm for a prompt, harmful response for a response) are calibrated (each flags at its own
 * threshold t); the harm probability is mapped piecewise linearly onto the judge's scale so that t lands on
 * the judge's threshold: {@code p < t -> T * p / t}, else {@code T + (1 - T) * (p - t) / (1 - t)}. The
 * category heads say where the harm lies: the categories share the mapped harm score in proportion to their
 * probabilities (the likeliest carries all of it), so the verdict is the harm head's. The refusal
 * probability is mapped the same way onto the judge's refusal cut, 0.5.
 * A result inside the classifier's escalation band is UNSURE.
 *
 * <p>Prompts are also read by the guard library's learned model when one is configured ({@link PromptGuard},
 * the default): it learned from public harmful, jailbreak and benign prompts as well as the project's
 * templates, where the template classifier learned from templates only and flags ordinary text it has never
 * seen (a third of GSM8K's word problems). A prompt's harm and category scores are the weighted mean of the
 * two models' calibrated scores (the guard's weight {@link PromptGuard#weight()}), and the result is unsure when
 * the guard's reading is (its escalation band, {@link PromptGuard}): the template classifier's own band holds
 * most public text, which it never learned from. Prompts of fewer than {@link dev.warden.guard.learned.GuardModel#MIN_WORDS} words and
 * responses stay with the template classifier: the guard model cannot judge the former and has learned prompts
 * only.
 */
public final class ClassifierTier implements ScoringTier {

    private final HarmClassifier classifier;
    private final Optional<PromptGuard> guard;
    private final float judgeThreshold;
    private final float[] headThresholds;

    /** The tier over {@code classifier} alone, for a judge flagging at {@code judgeThreshold}. */
    public ClassifierTier(HarmClassifier classifier, float judgeThreshold) {
        this(classifier, Optional.empty(), judgeThreshold);
    }

    /**
     * The tier over {@code classifier} and, for prompts, the guard library's learned model.
     *
     * @param guard the learned guard model at its operating point; empty for the template classifier alone
     */
    public ClassifierTier(HarmClassifier classifier, Optional<PromptGuard> guard, float judgeThreshold) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.judgeThreshold = judgeThreshold;
        this.headThresholds = classifier.metadata().thresholds().perHead();
    }

    @Override
    public TierKind kind() {
        return TierKind.CLASSIFIER;
    }

    @Override
    public CompletionStage<TierVerdict> score(Subject subject) {
        String text = subject.text().text();
        if (text.isBlank()) { // an answer that was all reasoning: nothing to judge in it
            return CompletableFuture.completedFuture(new TierVerdict(TierKind.CLASSIFIER, CategoryScores.zero(),
                    Certainty.SURE_SAFE, 1f, OptionalDouble.empty(), List.of(), Duration.ZERO));
        }
        float[] probabilities;
        float harm;
        Head harmHead;
        boolean escalate;
        float confidence;
        OptionalDouble refusal = OptionalDouble.empty();
        if (subject.isOutput()) {
            ResponseScore r = classifier.scoreResponse(subject.prompt().normalized(), subject.text().normalized());
            probabilities = r.categoryScores();
            harm = r.harmScore();
            harmHead = Head.HARMFUL_RESPONSE;
            escalate = r.escalate();
            confidence = r.confidence();
            refusal = OptionalDouble.of(map(r.refusalScore(), headThresholds[Head.REFUSAL.ordinal()], 0.5f));
        } else {
            PromptScore p = classifier.scorePrompt(subject.text().normalized());
            probabilities = p.categoryScores();
            harm = p.harmScore();
            harmHead = Head.ANY_HARM;
            escalate = p.escalate();
            confidence = p.confidence();
        }
        // The harm head decides; the category heads only say where the harm lies: the categories share the
        // calibrated harm score in proportion to their probabilities, the likeliest carrying all of it.
        float harmScore = calibrated(harm, headThresholds[harmHead.ordinal()]);
        float[] scores = shared(harmScore, probabilities);
        Optional<PromptGuard.Reading> reading = subject.isOutput() || guard.isEmpty() ? Optional.empty()
                : guard.get().read(text, judgeThreshold);
        if (reading.isPresent()) {
            PromptGuard.Reading g = reading.get();
            float w = guard.get().weight();
            harmScore = (1f - w) * harmScore + w * g.harm();
            float[] profile = new float[scores.length];
            for (int c = 0; c < scores.length; c++) {
                profile[c] = (1f - w) * scores[c] + w * g.categoryScores()[c];
            }
            scores = shared(harmScore, profile);
            // The guard's band alone says whether the mixed score is unsure: the template classifier's band holds
            // most public text it never learned from (83-85% of benign public prompts, BENCHMARKS.md "The guard
            // model in the judge"), so with it every LLM judge would see five prompts in six.
            escalate = g.unsure();
            confidence = Math.min(confidence, g.confidence());
        }
        return verdict(scores, harmScore, escalate, confidence, refusal);
    }

    private CompletionStage<TierVerdict> verdict(float[] scores, float harmScore, boolean escalate, float confidence,
                                                 OptionalDouble refusal) {
        Certainty certainty = escalate ? Certainty.UNSURE
                : harmScore >= judgeThreshold ? Certainty.SURE_UNSAFE : Certainty.SURE_SAFE;
        return CompletableFuture.completedFuture(new TierVerdict(TierKind.CLASSIFIER, CategoryScores.of(scores),
                certainty, confidence, refusal, List.of(), Duration.ZERO));
    }

    /** {@code harm} shared out by the category {@code probabilities}, the likeliest carrying all of it. */
    static float[] shared(float harm, float[] probabilities) {
        float[] scores = new float[probabilities.length];
        int top = 0;
        for (int c = 1; c < probabilities.length; c++) {
            top = probabilities[c] > probabilities[top] ? c : top;
        }
        for (int c = 0; c < scores.length && probabilities[top] > 0f; c++) {
            scores[c] = harm * probabilities[c] / probabilities[top];
        }
        return scores;
    }

    /** {@code p} on the judge's scale: the head's threshold {@code t} maps to the judge's threshold. */
    float calibrated(float p, float t) {
        return map(p, t, judgeThreshold);
    }

    /** {@code p} mapped piecewise linearly so that {@code t} lands on {@code target}. */
    static float map(float p, float t, float target) {
        return p < t ? target * p / t : target + (1f - target) * (p - t) / (1f - t);
    }
}
