package dev.warden.judge.score;

import dev.warden.guard.taxonomy.HazardCategory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Escalation: a tier runs only when every cheaper one was unsure, and never beyond the allowed tier. */
class ScoringChainTest {

    /** A tier that answers a fixed verdict and records the calls. */
    private static final class Scripted implements ScoringTier {
        final TierKind kind;
        final Certainty certainty;
        final float score;
        final float confidence;
        final List<Subject> calls = new ArrayList<>();

        Scripted(TierKind kind, Certainty certainty, float score, float confidence) {
            this.kind = kind;
            this.certainty = certainty;
            this.score = score;
            this.confidence = confidence;
        }

        @Override
        public TierKind kind() {
            return kind;
        }

        @Override
        public CompletionStage<TierVerdict> score(Subject subject) {
            calls.add(subject);
            float[] c = new float[14];
            c[HazardCategory.HATE.number() - 1] = score;
            return CompletableFuture.completedFuture(new TierVerdict(kind, CategoryScores.of(c), certainty, confidence,
                    OptionalDouble.empty(), List.of(), Duration.ZERO));
        }
    }

    private static final Subject SUBJECT = Subject.prompt(JudgedText.of(Span.Source.PROMPT, "hello"));

    private static ScoringChain.ChainOutcome run(ScoringChain chain, TierKind max) {
        return chain.score(SUBJECT, max).toCompletableFuture().join();
    }

    @Test
    void aSureTierStopsTheChain() {
        Scripted rules = new Scripted(TierKind.RULES, Certainty.SURE_UNSAFE, 0.9f, 0.9f);
        Scripted classifier = new Scripted(TierKind.CLASSIFIER, Certainty.SURE_SAFE, 0.1f, 0.9f);
        ScoringChain.ChainOutcome o = run(new ScoringChain(List.of(classifier, rules)), TierKind.LLM_JUDGE);
        assertEquals(1, o.ran().size());
        assertEquals(TierKind.RULES, o.decided().tier());
        assertEquals(0, classifier.calls.size());
    }

    @Test
    void anUnsureTierEscalatesUpToTheAllowedTier() {
        Scripted rules = new Scripted(TierKind.RULES, Certainty.UNSURE, 0.4f, 0.2f);
        Scripted classifier = new Scripted(TierKind.CLASSIFIER, Certainty.UNSURE, 0.6f, 0.3f);
        Scripted llm = new Scripted(TierKind.LLM_JUDGE, Certainty.SURE_UNSAFE, 0.95f, 1f);
        ScoringChain chain = new ScoringChain(List.of(rules, classifier, llm));
        assertEquals(TierKind.LLM_JUDGE, run(chain, TierKind.LLM_JUDGE).decided().tier());
        ScoringChain.ChainOutcome capped = run(chain, TierKind.CLASSIFIER);
        assertEquals(List.of(TierKind.RULES, TierKind.CLASSIFIER), capped.ran().stream().map(TierVerdict::tier).toList());
        assertEquals(TierKind.CLASSIFIER, capped.decided().tier(), "the last allowed tier decides when none is sure");
        assertEquals(1, llm.calls.size());
    }

    @Test
    void aTierThatCouldNotJudgeLeavesTheDecisionToTheOneBefore() {
        Scripted rules = new Scripted(TierKind.RULES, Certainty.UNSURE, 0.4f, 0.2f);
        Scripted classifier = new Scripted(TierKind.CLASSIFIER, Certainty.UNSURE, 0.7f, 0.3f);
        Scripted llm = new Scripted(TierKind.LLM_JUDGE, Certainty.UNSURE, 0f, 0f);
        ScoringChain.ChainOutcome o = run(new ScoringChain(List.of(rules, classifier, llm)), TierKind.LLM_JUDGE);
        assertEquals(3, o.ran().size());
        assertEquals(TierKind.CLASSIFIER, o.decided().tier());
    }

    @Test
    void aChainNeedsDistinctTiers() {
        assertThrows(IllegalArgumentException.class, () -> new ScoringChain(List.of()));
        Scripted a = new Scripted(TierKind.RULES, Certainty.UNSURE, 0f, 0f);
        assertThrows(IllegalArgumentException.class, () -> new ScoringChain(List.of(a, a)));
    }
}
