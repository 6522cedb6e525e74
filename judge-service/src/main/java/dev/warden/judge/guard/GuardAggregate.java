package dev.warden.judge.guard;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The LLM judge's verdict over several templates' answers (see {@link GuardAggregator} for the rules).
 *
 * @param outcome safe, unsafe, or undecided when no answer was readable
 * @param confidence agreement in [0, 1]: the share of readable answers that agree with the outcome; 0 when
 *     undecided
 * @param safeVotes readable answers that said safe
 * @param unsafeVotes readable answers that said unsafe
 * @param unparseable answers that could not be read
 * @param categoryVotes for every category (all fourteen, S-code order), the number of unsafe answers that
 *     named it
 * @param categories the categories flagged, in S-code order: when the outcome is unsafe, those named by at
 *     least half of the unsafe answers; empty otherwise
 */
public record GuardAggregate(GuardOutcome outcome, double confidence, int safeVotes, int unsafeVotes,
        int unparseable, Map<HazardCategory, Integer> categoryVotes, Set<HazardCategory> categories) {

    /** Copies the collections; the record is immutable. */
    public GuardAggregate {
        categoryVotes = Collections.unmodifiableMap(new EnumMap<>(categoryVotes));
        EnumSet<HazardCategory> ordered = EnumSet.noneOf(HazardCategory.class);
        ordered.addAll(categories);
        categories = Collections.unmodifiableSet(ordered);
    }

    /** Readable answers: safe plus unsafe votes. */
    public int parseable() {
        return safeVotes + unsafeVotes;
    }

    /** The share of readable answers that said unsafe, in [0, 1] (0 when none was readable): a harm score. */
    public double unsafeShare() {
        return parseable() == 0 ? 0 : (double) unsafeVotes / parseable();
    }

    /** The share of readable answers that named the category, in [0, 1]: a per-category score. */
    public double categoryShare(HazardCategory category) {
        return parseable() == 0 ? 0 : (double) categoryVotes.get(category) / parseable();
    }
}
