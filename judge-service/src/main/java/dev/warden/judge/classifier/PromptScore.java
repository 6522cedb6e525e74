package dev.warden.judge.classifier;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.Arrays;
import java.util.List;

/**
 * The classifier's judgement of a prompt.
 *
 * @param categoryScores probability per hazard category, 14 values in S-code order
 * @param harmScore      overall harm probability: the largest of the any-harm head and the categories
 * @param flagged        categories at or above their thresholds, in S-code order
 * @param unsafe         whether {@code harmScore} is at or above the any-harm threshold
 * @param confidence     {@code |2 * harmScore - 1|}, in [0, 1]
 * @param escalate       whether {@code harmScore} lies inside the escalation band: not sure enough, ask the
 *                       next tier
 */
public record PromptScore(float[] categoryScores, float harmScore, List<HazardCategory> flagged, boolean unsafe,
                          float confidence, boolean escalate) {

    /** Validates and copies. */
    public PromptScore {
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
        return o instanceof PromptScore p && Arrays.equals(categoryScores, p.categoryScores)
                && harmScore == p.harmScore && flagged.equals(p.flagged) && unsafe == p.unsafe
                && confidence == p.confidence && escalate == p.escalate;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(categoryScores) * 31 + Float.hashCode(harmScore);
    }

    @Override
    public String toString() {
        return "PromptScore[harm=" + harmScore + ", unsafe=" + unsafe + ", flagged=" + flagged + ", confidence="
                + confidence + ", escalate=" + escalate + ", categories=" + Arrays.toString(categoryScores) + "]";
    }
}
