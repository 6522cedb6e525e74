package dev.warden.guard.learned;

import java.util.ArrayList;
import java.util.List;

/**
 * The learned model's probabilities for one prompt, with the thresholds they are read against.
 * Immutable.
 */
public final class GuardScores {

    private final float[] probabilities;
    private final GuardMetadata metadata;

    GuardScores(float[] probabilities, GuardMetadata metadata) {
        this.probabilities = probabilities.clone();
        this.metadata = metadata;
    }

    /** The probability of a head. */
    public float probability(GuardHead head) {
        return probabilities[head.ordinal()];
    }

    /** Whether a decision head reaches its threshold at an operating point. */
    public boolean flagged(GuardHead head, OperatingPoint point) {
        return probability(head) >= metadata.threshold(head, point);
    }

    /**
     * Whether a decision head reaches the escalation band's lower edge ({@link GuardMetadata#escalationThreshold}:
     * the metadata's escalation section, or the strict point when it has none).
     */
    public boolean reachesEscalation(GuardHead head) {
        return probability(head) >= metadata.escalationThreshold(head);
    }

    /**
     * The head's probability mapped piecewise linearly so that its threshold at {@code point} lands on
     * {@code target} (0 stays 0, 1 stays 1): {@code p < t -> target * p / t}, else
     * {@code target + (1 - target) * (p - t) / (1 - t)}. Lets callers with one fixed cut (a judge's 0.5, a
     * detector's threshold) use the calibrated decision.
     */
    public float scaled(GuardHead head, OperatingPoint point, float target) {
        float p = probability(head);
        float t = metadata.threshold(head, point);
        return p < t ? target * p / t : target + (1f - target) * (p - t) / (1f - t);
    }

    /** Whether any decision head (harm, jailbreak, injection) is flagged at {@code point}. */
    public boolean anyFlagged(OperatingPoint point) {
        for (GuardHead h : GuardHead.DECISIONS) {
            if (flagged(h, point)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The hazard categories (S-numbers 1..14) whose heads reach the metadata's category threshold, most
     * probable first; empty when no category head is sure (the harm may still be flagged: any harm only).
     */
    public List<Integer> categories() {
        List<Integer> out = new ArrayList<>(2);
        for (int c = 0; c < GuardHead.CATEGORIES; c++) {
            if (probabilities[c] >= metadata.categoryThreshold()) {
                out.add(c + 1);
            }
        }
        out.sort((a, b) -> Float.compare(probabilities[b - 1], probabilities[a - 1]));
        return out;
    }

    /** The probabilities of the 14 category heads, S1 first. */
    public float[] categoryProbabilities() {
        float[] out = new float[GuardHead.CATEGORIES];
        System.arraycopy(probabilities, 0, out, 0, out.length);
        return out;
    }
}
