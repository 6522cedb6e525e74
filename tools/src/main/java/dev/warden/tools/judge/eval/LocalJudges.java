package dev.warden.tools.judge.eval;

import dev.warden.judge.chain.JudgeAssembly;
import dev.warden.judge.rules.RuleOptions;
import dev.warden.judge.rules.RuleScorer;
import dev.warden.judge.score.Judge;
import dev.warden.judge.tiers.PromptGuard;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges made of the local tiers only (rules, classifier), with the shipped lexicons and weights: what the
 * evaluation and the benchmark measure, without a service around them. Assembled by {@link JudgeAssembly}, as the
 * service's judge is, with the service's defaults.
 */
public final class LocalJudges {

    /**
     * The rules decide only unsafe texts (sure-safe ones go on to the classifier), as the service does by default
     * ({@code warden.judge.rules.decides-safe=false}).
     */
    private static final boolean RULES_DECIDE_SAFE = false;

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
        return of(rules, classifier, guardPoint, PromptGuard.BandEdge.ESCALATION, threshold);
    }

    /**
     * The chain of the given local tiers at {@code threshold}.
     *
     * @param guardPoint the guard model's operating point in the classifier tier, or {@code off}
     * @param edge       where the guard model's escalation band starts
     */
    public static Judge of(boolean rules, boolean classifier, String guardPoint, PromptGuard.BandEdge edge,
                           float threshold) {
        List<String> tiers = new ArrayList<>();
        if (rules) {
            tiers.add(JudgeAssembly.RULES);
        }
        if (classifier) {
            tiers.add(JudgeAssembly.CLASSIFIER);
        }
        return JudgeAssembly.of(tiers, RuleScorer.load(RuleOptions.defaults()), threshold)
                .rulesDecideSafe(RULES_DECIDE_SAFE)
                .guard(guardPoint, Float.parseFloat(PromptGuard.DEFAULT_WEIGHT))
                .guardBandEdge(edge)
                .build();
    }
}
