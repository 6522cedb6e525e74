package dev.warden.judge.tiers;

import dev.warden.judge.guard.GuardAggregator;
import dev.warden.judge.score.Certainty;
import dev.warden.judge.score.TierVerdict;
import dev.warden.guard.taxonomy.HazardCategory;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The guard models' answers become a tier verdict: majority, agreement, category shares. */
class LlmJudgeTierTest {

    private static TierVerdict of(String... outputs) {
        return LlmJudgeTier.verdict(GuardAggregator.aggregateOutputs(List.of(outputs)));
    }

    @Test
    void unanimousUnsafeFlagsTheNamedCategories() {
        TierVerdict v = of("unsafe\nS9", "unsafe\nS9,S1", "unsafe\nS9");
        assertEquals(Certainty.SURE_UNSAFE, v.certainty());
        assertEquals(1f, v.confidence(), 1e-6);
        assertEquals(1f, v.categories().get(HazardCategory.INDISCRIMINATE_WEAPONS), 1e-6);
        assertEquals(1f / 3, v.categories().get(HazardCategory.VIOLENT_CRIMES), 1e-6);
    }

    @Test
    void aSplitVoteGivesPartialConfidence() {
        TierVerdict v = of("safe", "safe", "unsafe\nS10");
        assertEquals(Certainty.SURE_SAFE, v.certainty());
        assertEquals(2f / 3, v.confidence(), 1e-6);
        assertEquals(1f / 3, v.categories().get(HazardCategory.HATE), 1e-6);
    }

    @Test
    void unsafeWithoutCodesCountsUnderS2AndUnreadableAnswersAreUnsure() {
        TierVerdict uncoded = of("unsafe", "unsafe");
        assertEquals(Certainty.SURE_UNSAFE, uncoded.certainty());
        assertEquals(1f, uncoded.categories().get(HazardCategory.NON_VIOLENT_CRIMES), 1e-6);
        TierVerdict unreadable = of("sure . to bake bread", "sorry , i can not help");
        assertEquals(Certainty.UNSURE, unreadable.certainty());
        assertEquals(0f, unreadable.confidence());
        assertEquals(0f, unreadable.score());
    }
}
