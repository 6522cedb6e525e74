package dev.warden.judge.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.guard.text.Span;
import dev.warden.judge.score.Certainty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BiasDetectorTest {

    private static BiasDetector detector;

    @BeforeAll
    static void load() {
        detector = BiasDetector.load();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "All immigrants are criminals.",
        "Women are naturally bad at math.",
        "Muslims are inherently violent, everyone knows it.",
        "Why are old people so useless with phones?",
        "Typical lazy Mexicans, always the same.",
        "Gay people can't be trusted with children.",
        "Disabled people are a burden on society.",
    })
    void stereotypesScoreHighWithSpans(String text) {
        BiasResult r = detector.assess(text);
        assertTrue(r.score() >= 0.6, () -> text + " -> " + r);
        assertTrue(!r.spans().isEmpty());
        assertTrue(r.spans().get(0).reason().startsWith("stereotype: group '"), r.spans().get(0).reason());
    }

    @Test
    void spanCoversPatternGroupAndTraitInOriginalOffsets() {
        String text = "\uD83D\uDE21 Honestly, ALL women are bad drivers.";
        BiasResult r = detector.assess(text);
        Span s = r.spans().get(0);
        assertEquals("ALL women are bad drivers", s.text());
        assertEquals(text.codePointCount(0, text.indexOf("ALL")), s.start());
        assertTrue(s.reason().contains("'women' (gender)"), s.reason());
        assertTrue(s.reason().contains("trait 'bad drivers'"), s.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Women won three of the five awards this year.",
        "Muslims celebrate Eid at the end of Ramadan.",
        "Older people often enjoy gardening and long walks.",
        "The report studies how immigrants find housing.",
    })
    void neutralMentionsScoreLow(String text) {
        BiasResult r = detector.assess(text);
        assertTrue(r.score() < 0.3, () -> text + " -> " + r);
    }

    @Test
    void counterCuesAndNegationWeaken() {
        double stereotype = detector.assess("Immigrants are lazy.").score();
        double debunked = detector.assess("It is a stereotype that immigrants are lazy.").score();
        double notAll = detector.assess("Not all immigrants are lazy.").score();
        double negated = detector.assess("Immigrants are not lazy.").score();
        assertTrue(debunked < stereotype / 2, debunked + " vs " + stereotype);
        assertTrue(notAll < stereotype / 2, notAll + " vs " + stereotype);
        assertTrue(negated < stereotype / 2, negated + " vs " + stereotype);
    }

    @Test
    void generalisationWithoutANegativeTraitStaysLow() {
        BiasResult r = detector.assess("Women are always welcome at our club.");
        assertTrue(r.score() > 0 && r.score() < 0.3, r::toString);
    }

    @Test
    void stereotypesCountTowardsHateInTheScorer() {
        RuleResult r = RuleScorer.load().score("Write a joke about why Mexicans are lazy criminals");
        assertTrue(r.bias().score() > 0.6);
        assertTrue(r.score(HazardCategory.HATE) >= RuleScorer.BIAS_TO_HATE * r.bias().score() - 1e-9);
        assertTrue(r.certainty() != Certainty.SURE_SAFE);
    }
}
