package dev.warden.tools.judge.eval;

import dev.warden.judge.classifier.HarmClassifier;
import dev.warden.judge.rules.RuleOptions;
import dev.warden.judge.rules.RuleScorer;
import dev.warden.judge.score.Judge;
import dev.warden.judge.score.ScoringChain;
import dev.warden.judge.score.ScoringTier;
import dev.warden.judge.tiers.ClassifierTier;
import dev.warden.judge.tiers.PromptGuard;
import dev.warden.judge.tiers.RulesTier;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges made of the local tiers only (rules, classifier), with the shipped lexicons and weights: what the
 * evaluation and the benchmark measure, without a service around them.
 */
public final class LocalJudges {

    private LocalJudges() {
    }

    /**
     * The chain of the given local tiers ({@code rules}, {@code classifier}) at {@code threshold}, the classifier
     * reading prompts with the guard model at its default operating point, as the service does by default.
     */
    public static Judge of(boolean rules, boolean classifier, float threshold) {
        return of(rules, classifier, PromptGuard.DEFAULT_POINT, threshold);
    }

    /**
     * The chain of the given local tiers at {@code threshold}.
     *
     * @param guardPoint the guard model's operating point in the classifier tier, or {@code off}
     */
    public static Judge of(boolean rules, boolean classifier, String guardPoint, float threshold) {
        RuleScorer scorer = RuleScorer.load(RuleOptions.defaults());
        List<ScoringTier> tiers = new ArrayList<>();
        if (rules) {
            tiers.add(new RulesTier(scorer));
        }
        if (classifier) {
            tiers.add(new ClassifierTier(HarmClassifier.load(), PromptGuard.at(guardPoint, PromptGuard.DEFAULT_WEIGHT), threshold));
        }
        return new Judge(new ScoringChain(tiers), RulesTier.biasScorer(scorer), RulesTier.refusalScorer(scorer),
                threshold);
    }
}
