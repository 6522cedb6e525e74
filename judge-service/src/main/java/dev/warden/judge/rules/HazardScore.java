package dev.warden.judge.rules;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.Objects;

/**
 * The rules tier's score of one hazard category.
 *
 * @param category the category
 * @param score    in [0, 1]; higher means more likely hazardous in this category
 */
public record HazardScore(HazardCategory category, double score) {

    /** Checks the score range. */
    public HazardScore {
        Objects.requireNonNull(category, "category");
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [0, 1], got " + score + " for " + category.code());
        }
    }
}
