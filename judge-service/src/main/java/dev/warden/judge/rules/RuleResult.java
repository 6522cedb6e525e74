package dev.warden.judge.rules;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.judge.score.Certainty;
import dev.warden.judge.score.Stance;
import java.util.List;
import java.util.Objects;

/**
 * The rules tier's judgement of a prompt, or of a response with its prompt.
 *
 * @param categoryScores one score per hazard category, all fourteen, in S-code order
 * @param score          the overall harm score: the maximum of the category scores
 * @param certainty      whether the chain can stop here ({@link Certainty#UNSURE}: escalate)
 * @param matches        the lexicon matches behind the scores, in text order per side (prompt first)
 * @param jailbreak      jailbreak framing score in [0, 1] (a booster of the category scores, not a category)
 * @param refusal        probability in [0, 1] that the response is a refusal; 0 for a prompt alone
 * @param stance         refusal or compliance for a response; {@link Stance#NONE} for a prompt alone
 * @param bias           the bias and stereotype assessment of the judged text (the response, if any)
 */
public record RuleResult(List<HazardScore> categoryScores, double score, Certainty certainty, List<RuleMatch> matches,
        double jailbreak, double refusal, Stance stance, BiasResult bias) {

    /** Checks that all fourteen categories are there in order and that the score is their maximum. */
    public RuleResult {
        categoryScores = List.copyOf(categoryScores);
        matches = List.copyOf(matches);
        Objects.requireNonNull(certainty, "certainty");
        Objects.requireNonNull(stance, "stance");
        Objects.requireNonNull(bias, "bias");
        List<HazardCategory> all = HazardCategory.all();
        if (categoryScores.size() != all.size()) {
            throw new IllegalArgumentException("need " + all.size() + " category scores, got " + categoryScores.size());
        }
        double max = 0.0;
        for (int i = 0; i < all.size(); i++) {
            if (categoryScores.get(i).category() != all.get(i)) {
                throw new IllegalArgumentException("category scores must be in S-code order; position " + i
                        + " holds " + categoryScores.get(i).category().code());
            }
            max = Math.max(max, categoryScores.get(i).score());
        }
        if (Math.abs(max - score) > 1e-9) {
            throw new IllegalArgumentException("overall score " + score + " is not the maximum category score " + max);
        }
        checkUnit("jailbreak", jailbreak);
        checkUnit("refusal", refusal);
    }

    private static void checkUnit(String name, double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    /** The score of one category. */
    public double score(HazardCategory category) {
        return categoryScores.get(category.number() - 1).score();
    }

    /** The category with the highest score (the first one on ties). */
    public HazardCategory topCategory() {
        HazardScore best = categoryScores.get(0);
        for (HazardScore s : categoryScores) {
            if (s.score() > best.score()) {
                best = s;
            }
        }
        return best.category();
    }

    /**
     * Confidence in [0, 1] of the result, for the chain's report: for a sure result, how far the score lies
     * beyond the middle of [0, 1]; for an unsure one, 0.5 at most.
     */
    public double confidence() {
        double c = Math.abs(score - 0.5) * 2.0;
        return certainty == Certainty.UNSURE ? Math.min(0.5, c) : Math.max(0.5, c);
    }

    /** The hazard matches only. */
    public List<RuleMatch> hazardMatches() {
        return matches.stream().filter(m -> m.kind() == MatchKind.HAZARD).toList();
    }
}
