package dev.warden.gateway.rails;

import dev.warden.guard.taxonomy.AttackFamily;
import java.util.List;

/**
 * The detector's verdict on a request.
 *
 * @param score    attack likelihood in [0, 1]: evidence combined by noisy-or within and across families;
 *                 compare it with {@link #DEFAULT_THRESHOLD} (or a tenant's threshold) to decide
 * @param families the families with evidence, strongest first; may list weak evidence below the threshold
 * @param findings all evidence, by message and position
 */
public record Detection(double score, List<AttackFamily> families, List<Finding> findings) {

    /** The score at and above which a request is treated as an attack. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private static final Detection CLEAN = new Detection(0, List.of(), List.of());

    /** Checks the score range; copies the lists. */
    public Detection {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], got " + score);
        }
        families = List.copyOf(families);
        findings = List.copyOf(findings);
    }

    /** No evidence at all. */
    public static Detection clean() {
        return CLEAN;
    }

    /** True when {@code score >= DEFAULT_THRESHOLD}. */
    public boolean flagged() {
        return flagged(DEFAULT_THRESHOLD);
    }

    /** True when {@code score >= threshold}. */
    public boolean flagged(double threshold) {
        return score >= threshold;
    }
}
