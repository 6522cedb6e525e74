package dev.warden.judge.classifier;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.judge.score.Stance;
import java.util.Arrays;
import java.util.List;

/**
 * The classifier's judgement of a response with its prompt.
 *
 * @param categoryScores probability per hazard category that the RESPONSE violates it, S-code order: the
 *                       harm probability shared out by the category profile of prompt and response
 *                       (the top category gets {@code harmScore})
 * @param harmScore      probability that the response is harmful (complies with a harmful request)
 * @param refusalScore   probability that the response is a refusal
 * @param stance         {@link Stance#REFUSAL} when {@code refusalScore} is at or above its threshold, else
 *                       {@link Stance#COMPLIANCE}
 * @param flagged        categories whose score is at or above the harmful-response threshold, S-code order
 * @param unsafe         whether {@code harmScore} is at or above the harmful-response threshold
 * @param confidence     the smaller of {@code |2p - 1|} for harm and for refusal, in [0, 1]
 * @param escalate       whether harm lies inside the response escalation band, or refusal within
 *                       {@link HarmClassifier#REFUSAL_MARGIN} of the refusal threshold
 * @param prompt         the judgement of the prompt alone
 */
public record ResponseScore(float[] categoryScores, float harmScore, float refusalScore, Stance stance,
                            List<HazardCategory> flagged, boolean unsafe, float confidence, boolean escalate,
                            PromptScore prompt) {

    /** Validates and copies. */
    public ResponseScore {
        if (stance == Stance.NONE) {
            throw new IllegalArgumentException("a response has a stance: REFUSAL or COMPLIANCE");
        }
        categoryScores = CategoryVector.copyOf(categoryScores);
        flagged = List.copyOf(flagged);
    }

    /** A copy of the category scores, S-code order. */
    @Override
    public float[] categoryScores() {
        return categoryScores.clone();
    }

    /** The probability of one category. */
    public float score(HazardCategory category) {
        return categoryScores[category.number() - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseScore r && Arrays.equals(categoryScores, r.categoryScores)
                && harmScore == r.harmScore && refusalScore == r.refusalScore && stance == r.stance
                && flagged.equals(r.flagged) && unsafe == r.unsafe && confidence == r.confidence
                && escalate == r.escalate && prompt.equals(r.prompt);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(categoryScores) * 31 + Float.hashCode(harmScore)) * 31 + Float.hashCode(refusalScore);
    }

    @Override
    public String toString() {
        return "ResponseScore[harm=" + harmScore + ", refusal=" + refusalScore + ", stance=" + stance + ", unsafe="
                + unsafe + ", flagged=" + flagged + ", confidence=" + confidence + ", escalate=" + escalate
                + ", categories=" + Arrays.toString(categoryScores) + "]";
    }
}
