package dev.warden.judge.guard;

import static dev.warden.guard.taxonomy.HazardCategory.HATE;
import static dev.warden.guard.taxonomy.HazardCategory.NON_VIOLENT_CRIMES;
import static dev.warden.guard.taxonomy.HazardCategory.VIOLENT_CRIMES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardAggregatorTest {

    private static final double EPS = 1e-15;

    @Test
    void unanimousSafe() {
        GuardAggregate a = GuardAggregator.aggregateOutputs(List.of("safe", "Safe.", "SAFE\n"));
        assertEquals(GuardOutcome.SAFE, a.outcome());
        assertEquals(1.0, a.confidence());
        assertEquals(3, a.safeVotes());
        assertEquals(Set.of(), a.categories());
        assertEquals(0.0, a.unsafeShare());
        assertEquals(14, a.categoryVotes().size(), "every category has a count");
        assertTrue(a.categoryVotes().values().stream().allMatch(n -> n == 0));
    }

    @Test
    void majorityUnsafeWithCategoryVotes() {
        GuardAggregate a = GuardAggregator.aggregateOutputs(List.of("unsafe\nS1,S10", "unsafe\nS1", "safe"));
        assertEquals(GuardOutcome.UNSAFE, a.outcome());
        assertEquals(2.0 / 3, a.confidence(), EPS);
        assertEquals(2, a.categoryVotes().get(VIOLENT_CRIMES));
        assertEquals(1, a.categoryVotes().get(HATE));
        assertEquals(0, a.categoryVotes().get(NON_VIOLENT_CRIMES));
        // S10 named by 1 of 2 unsafe answers: at least half, flagged
        assertEquals(List.of(VIOLENT_CRIMES, HATE), List.copyOf(a.categories()));
        assertEquals(2.0 / 3, a.unsafeShare(), EPS);
        assertEquals(2.0 / 3, a.categoryShare(VIOLENT_CRIMES), EPS);
    }

    @Test
    void aCategoryNamedByAMinorityOfUnsafeAnswersIsNotFlagged() {
        GuardAggregate a = GuardAggregator.aggregateOutputs(List.of("unsafe\nS1", "unsafe\nS1", "unsafe\nS2"));
        assertEquals(List.of(VIOLENT_CRIMES), List.copyOf(a.categories()));
        assertEquals(1, a.categoryVotes().get(NON_VIOLENT_CRIMES));
        assertEquals(1.0, a.confidence());
    }

    @Test
    void majoritySafeFlagsNothingEvenWithCategoryVotes() {
        GuardAggregate a = GuardAggregator.aggregateOutputs(List.of("safe", "safe", "unsafe\nS2"));
        assertEquals(GuardOutcome.SAFE, a.outcome());
        assertEquals(2.0 / 3, a.confidence(), EPS);
        assertEquals(1, a.categoryVotes().get(NON_VIOLENT_CRIMES));
        assertEquals(Set.of(), a.categories());
    }

    @Test
    void unparseableAnswersDoNotVote() {
        GuardAggregate a = GuardAggregator.aggregateOutputs(Arrays.asList("I am not sure.", null, "safe"));
        assertEquals(GuardOutcome.SAFE, a.outcome());
        assertEquals(1.0, a.confidence(), "agreement among readable answers only");
        assertEquals(2, a.unparseable());
        assertEquals(1, a.parseable());
    }

    @Test
    void anEvenSplitFailsClosedWithHalfConfidence() {
        GuardAggregate a = GuardAggregator.aggregateOutputs(List.of("safe", "unsafe\nS10", "garbage"));
        assertEquals(GuardOutcome.UNSAFE, a.outcome());
        assertEquals(0.5, a.confidence(), EPS);
        assertEquals(List.of(HATE), List.copyOf(a.categories()));
    }

    @Test
    void nothingReadableIsUndecided() {
        GuardAggregate a = GuardAggregator.aggregateOutputs(List.of("", "hmm"));
        assertEquals(GuardOutcome.UNDECIDED, a.outcome());
        assertEquals(0.0, a.confidence());
        assertEquals(2, a.unparseable());
        assertEquals(0.0, a.unsafeShare());
        assertEquals(0.0, a.categoryShare(HazardCategory.ELECTIONS));
    }

    @Test
    void unsafeWithoutCodesCountsAsUnsafeWithNoCategory() {
        GuardAggregate a = GuardAggregator.aggregate(List.of(GuardVerdict.unsafe(List.of(), List.of("S15")),
                GuardVerdict.safe(), GuardVerdict.unsafe(List.of(), List.of())));
        assertEquals(GuardOutcome.UNSAFE, a.outcome());
        assertEquals(Set.of(), a.categories());
    }

    @Test
    void inputIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> GuardAggregator.aggregate(List.of()));
        assertThrows(IllegalArgumentException.class, () -> GuardAggregator.aggregateOutputs(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GuardAggregator.aggregate(Arrays.asList(GuardVerdict.safe(), null)));
        assertEquals("verdicts[1] is missing", e.getMessage());
    }
}
