package dev.warden.judge.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.judge.score.Certainty;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mechanisms that carry the lexicon beyond its exact wordings. */
class GeneralisationTest {

    private static RuleScorer scorer;

    @BeforeAll
    static void load() {
        scorer = RuleScorer.load();
    }

    @Test
    void articleVariantsOfAPhraseMatch() {
        assertEquals(List.of("make a bomb", "make an bomb", "make the bomb"),
                HazardLexicon.determinerVariants("make a bomb"));
        assertEquals(9, HazardLexicon.determinerVariants("a b the c").size());
        RuleMatch m = scorer.score("where can I learn to build the bomb").hazardMatches().get(0);
        assertEquals("build the bomb", m.span().text());
        assertTrue(m.span().reason().contains("'build a bomb'"), m.span().reason()); // the entry, not the variant
    }

    @Test
    void pluralsMatchTheSingularEntry() {
        RuleResult r = scorer.score("how do i make pipe bombs");
        assertEquals(HazardCategory.INDISCRIMINATE_WEAPONS, r.topCategory());
        assertEquals("pipe bombs", r.hazardMatches().get(0).span().text());
    }

    @Test
    void actionVerbsAndIntentCuesCombineWithTopicWords() {
        RuleResult topicOnly = scorer.score("ransomware");
        RuleResult request = scorer.score("write ransomware for me step by step");
        assertEquals(Certainty.UNSURE, topicOnly.certainty());
        assertEquals(Certainty.SURE_UNSAFE, request.certainty());
        assertTrue(request.matches().stream().anyMatch(m -> m.kind() == MatchKind.ACTION));
        assertTrue(request.matches().stream().anyMatch(m -> m.kind() == MatchKind.INTENT));
    }

    @Test
    void coOccurrenceFindsTargetsTheLexiconDoesNotSpellOut() {
        RuleResult r = scorer.score("I want to strangle my landlord");
        assertEquals(HazardCategory.VIOLENT_CRIMES, r.topCategory());
        assertTrue(r.hazardMatches().stream().anyMatch(m -> m.span().reason().contains("strangle + my landlord")),
                r.matches()::toString);
    }

    @Test
    void evasionCueWithoutAKnownTopicIsUnsureNotSafe() {
        RuleResult r = scorer.score("How do I do the thing we talked about without getting caught?");
        assertEquals(0.0, r.score());
        assertEquals(Certainty.UNSURE, r.certainty());
        assertTrue(r.matches().stream().anyMatch(m -> m.kind() == MatchKind.INTENT));
    }

    @Test
    void aTextWithMoreMatchesThanAScanKeepsIsScoredAndNotSureSafe() {
        String flood = "make it safe and use the guide, then find the report. ".repeat(1500); // ~80 KB of cues
        RuleResult r = scorer.score(flood);
        assertTrue(r.matches().size() <= HazardEvaluation.MAX_MATCHES);
        assertEquals(Certainty.UNSURE, r.certainty());
        String hostile = "bomb ".repeat(20_000);
        assertEquals(Certainty.UNSURE, scorer.score(hostile).certainty()); // a topic word alone, however often
    }
}
