package dev.warden.judge.score;

import dev.warden.judge.score.Judgement.ReasoningJudgement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Judges a prompt, or a response with its prompt: runs the scoring chain on the text that matters (the
 * response's final answer, else the prompt), and apart from it on the reasoning trace; adds the refusal
 * judgement and the bias assessment.
 *
 * <p>The reasoning trace comes from the request, or is split off the response ({@link ThinkSplit}). It is
 * flagged when it is unsafe while the overall verdict is safe: unsafe reasoning behind a safe-looking answer.
 */
public final class Judge {

    private final ScoringChain chain;
    private final BiasScorer bias;
    private final RefusalScorer refusal;
    private final float threshold;

    /**
     * @param threshold score at and above which a category, and the verdict, is unsafe; in (0, 1]
     */
    public Judge(ScoringChain chain, BiasScorer bias, RefusalScorer refusal, float threshold) {
        if (!(threshold > 0f && threshold <= 1f)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
        this.chain = Objects.requireNonNull(chain, "chain");
        this.bias = Objects.requireNonNull(bias, "bias");
        this.refusal = Objects.requireNonNull(refusal, "refusal");
        this.threshold = threshold;
    }

    /** The unsafe threshold. */
    public float threshold() {
        return threshold;
    }

    /** The chain's tiers, cheapest first. */
    public List<TierKind> tiers() {
        return chain.kinds();
    }

    /** Judges {@code request}; completes on the thread of the last tier that ran. */
    public CompletionStage<Judgement> judge(JudgeRequest request) {
        long start = System.nanoTime();
        JudgedText prompt = promptText(request);
        TierKind max = request.maxTier().orElse(TierKind.LLM_JUDGE);
        if (request.response().isEmpty()) {
            return chain.score(Subject.prompt(prompt), max).thenApply(outcome ->
                    judgement(outcome, prompt, Optional.empty(), false, Optional.empty(), start));
        }
        ThinkSplit split = request.reasoningTrace().isEmpty() ? ThinkSplit.of(request.response())
                : new ThinkSplit(request.reasoningTrace(), 0, request.response(), 0);
        JudgedText answer = JudgedText.builder()
                .add(Span.Source.RESPONSE, 0, split.answer(), split.answerStart()).build();
        Subject main = new Subject(Subject.Kind.RESPONSE, prompt, answer, request.responseIncomplete());
        CompletionStage<ScoringChain.ChainOutcome> mainStage = chain.score(main, max);
        CompletionStage<Optional<ScoringChain.ChainOutcome>> traceStage;
        if (split.hasTrace()) {
            JudgedText trace = JudgedText.builder()
                    .add(Span.Source.REASONING_TRACE, 0, split.trace(), split.traceStart()).build();
            traceStage = chain.score(new Subject(Subject.Kind.REASONING, prompt, trace, request.responseIncomplete()),
                    max).thenApply(Optional::of);
        } else {
            traceStage = CompletableFuture.completedFuture(Optional.empty());
        }
        return mainStage.thenCombine(traceStage, (outcome, trace) ->
                judgement(outcome, answer, Optional.of(split.answer()), request.responseIncomplete(), trace, start));
    }

    /** The judged part of the prompt: its user and tool messages. */
    private static JudgedText promptText(JudgeRequest request) {
        JudgedText.Builder b = JudgedText.builder();
        for (int i = 0; i < request.prompt().size(); i++) {
            PromptMessage m = request.prompt().get(i);
            if (m.judged()) {
                b.add(Span.Source.PROMPT, i, m.content());
            }
        }
        return b.build();
    }

    private Judgement judgement(ScoringChain.ChainOutcome outcome, JudgedText judged, Optional<String> answer,
                                boolean incomplete, Optional<ScoringChain.ChainOutcome> trace, long start) {
        TierVerdict decided = outcome.decided();
        Verdict verdict = Verdict.of(decided.score(), threshold);
        Optional<ReasoningJudgement> reasoning = trace.map(t -> {
            CategoryScores c = t.decided().categories();
            Verdict v = Verdict.of(c.max(), threshold);
            return new ReasoningJudgement(v, c, v == Verdict.UNSAFE && verdict == Verdict.SAFE);
        });
        Stance stance = Stance.NONE;
        float refusalScore = 0f;
        if (answer.isPresent()) {
            // the deciding tier's estimate when it makes one, else the refusal scorer's
            refusalScore = (float) decided.refusal().orElseGet(() -> refusal.refusal(answer.get(), incomplete));
            stance = refusalScore >= 0.5f ? Stance.REFUSAL : Stance.COMPLIANCE;
        }
        return new Judgement(verdict, decided.categories(), threshold, stance, refusalScore, bias.assess(judged),
                decided.tier(), decided.confidence(), outcome.ran(), reasoning,
                Duration.ofNanos(System.nanoTime() - start));
    }
}
