package dev.warden.judge.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.judge.score.Certainty;
import dev.warden.judge.score.Stance;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleOptionsTest {

    @Test
    void certaintyBands() {
        RuleOptions o = RuleOptions.defaults();
        assertEquals(Certainty.SURE_UNSAFE, o.certaintyOf(0.8, 0));
        assertEquals(Certainty.UNSURE, o.certaintyOf(0.79, 0));
        assertEquals(Certainty.UNSURE, o.certaintyOf(0.25, 0));
        assertEquals(Certainty.SURE_SAFE, o.certaintyOf(0.24, 0));
        assertEquals(Certainty.UNSURE, o.certaintyOf(0.0, RuleOptions.SUSPICION_UNSURE_AT));
    }

    @Test
    void thresholdsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new RuleOptions(0.5, 0.6));
        assertThrows(IllegalArgumentException.class, () -> new RuleOptions(1.1, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new RuleOptions(0.8, 0.0));
    }

    @Test
    void customThresholdsChangeTheCertainty() {
        RuleScorer strict = RuleScorer.load(new RuleOptions(0.99, 0.01));
        assertEquals(Certainty.UNSURE, strict.score("What is the history of the atomic bomb?").certainty());
    }

    @Test
    void resultRejectsScoresOutOfOrderOrInconsistent() {
        List<HazardScore> scores = HazardCategory.all().stream().map(c -> new HazardScore(c, 0.1)).toList();
        new RuleResult(scores, 0.1, Certainty.SURE_SAFE, List.of(), 0, 0, Stance.NONE, BiasResult.NONE);
        assertThrows(IllegalArgumentException.class, () -> new RuleResult(scores, 0.5, Certainty.SURE_SAFE, List.of(),
                0, 0, Stance.NONE, BiasResult.NONE));
        assertThrows(IllegalArgumentException.class, () -> new RuleResult(scores.subList(0, 13), 0.1,
                Certainty.SURE_SAFE, List.of(), 0, 0, Stance.NONE, BiasResult.NONE));
        assertThrows(IllegalArgumentException.class, () -> new HazardScore(HazardCategory.HATE, 1.5));
    }
}
