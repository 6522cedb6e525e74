package dev.warden.judge.tiers;

import dev.warden.judge.rules.MatchKind;
import dev.warden.judge.rules.RuleMatch;
import dev.warden.judge.rules.RuleResult;
import dev.warden.judge.rules.RuleScorer;
import dev.warden.judge.rules.Side;
import dev.warden.judge.score.BiasFinding;
import dev.warden.judge.score.BiasScorer;
import dev.warden.judge.score.CategoryScores;
import dev.warden.judge.score.Certainty;
import dev.warden.judge.score.JudgedText;
import dev.warden.judge.score.RefusalScorer;
import dev.warden.judge.score.ScoringTier;
import dev.warden.judge.score.Span;
import dev.warden.judge.score.Subject;
import dev.warden.judge.score.TierKind;
import dev.warden.judge.score.TierVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tier 1: the rules and lexicons of {@link RuleScorer} over normalised text. A response is scored with its
 * prompt (a harmful prompt answered without refusal is harmful); the spans of the matches are located in the
 * submitted texts. Also the refusal and bias scorers every judgement uses.
 *
 * <p>Lexicons prove harm far better than they prove its absence: a request about a topic no lexicon names
 * scores 0. So by default the rules decide only "unsafe"; a text they would call sure-safe is passed on as
 * unsure to the classifier (when it follows in the chain). {@code decidesSafe} restores the rules' own
 * safe decisions, for deployments that trade that recall for the classifier's ~20 µs.
 */
public final class RulesTier implements ScoringTier {

    private final RuleScorer rules;
    private final boolean decidesSafe;

    /** The tier over {@code rules}, deciding only unsafe texts. */
    public RulesTier(RuleScorer rules) {
        this(rules, false);
    }

    /** The tier over {@code rules}; {@code decidesSafe}: whether its sure-safe results end the chain. */
    public RulesTier(RuleScorer rules, boolean decidesSafe) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.decidesSafe = decidesSafe;
    }

    @Override
    public TierKind kind() {
        return TierKind.RULES;
    }

    @Override
    public CompletionStage<TierVerdict> score(Subject subject) {
        RuleResult r = subject.isOutput()
                ? rules.scoreResponse(subject.prompt().normalized(), subject.text().normalized(), subject.incomplete())
                : rules.score(subject.text().normalized());
        float[] scores = new float[r.categoryScores().size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) r.categoryScores().get(i).score();
        }
        List<Span> spans = new ArrayList<>();
        for (RuleMatch m : r.matches()) {
            if (m.kind() != MatchKind.HAZARD) {
                continue;
            }
            JudgedText in = m.side() == Side.RESPONSE || !subject.isOutput() ? subject.text() : subject.prompt();
            in.locate(m.span().start(), m.span().end(), m.span().reason()).ifPresent(spans::add);
        }
        return CompletableFuture.completedFuture(new TierVerdict(TierKind.RULES, CategoryScores.of(scores),
                certainty(r.certainty(), decidesSafe), (float) r.confidence(),
                subject.isOutput() ? OptionalDouble.of(r.refusal()) : OptionalDouble.empty(), spans, Duration.ZERO));
    }

    /** The rules' certainty, a sure-safe one ending the chain only when the rules decide safe. */
    private static Certainty certainty(Certainty c, boolean decidesSafe) {
        return c == Certainty.SURE_SAFE && !decidesSafe ? Certainty.UNSURE : c;
    }

    /** The bias scorer over the rules' bias detector: spans located in the submitted texts. */
    public static BiasScorer biasScorer(RuleScorer rules) {
        return text -> {
            var result = rules.bias(text.normalized());
            List<Span> spans = new ArrayList<>();
            for (dev.warden.guard.text.Span s : result.spans()) {
                text.locate(s.start(), s.end(), s.reason()).ifPresent(spans::add);
            }
            return result.score() == 0 && spans.isEmpty() ? BiasFinding.none()
                    : new BiasFinding((float) result.score(), spans);
        };
    }

    /** The refusal scorer over the rules' refusal detector. */
    public static RefusalScorer refusalScorer(RuleScorer rules) {
        return (response, incomplete) -> rules.refusalDetector().assess(response, incomplete).probability();
    }
}
