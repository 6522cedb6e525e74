package dev.warden.gateway.pipeline;

import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.error.ContentFilterDetails;
import dev.warden.gateway.error.ContentFilteredException;
import dev.warden.gateway.error.Upstream;
import dev.warden.gateway.error.UpstreamException;
import dev.warden.gateway.error.UpstreamUnavailableException;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.metrics.Rail;
import dev.warden.gateway.metrics.RailDecision;
import dev.warden.guard.taxonomy.AttackFamily;
import dev.warden.gateway.rails.PerplexitySignal;
import dev.warden.gateway.routing.Route;
import dev.warden.gateway.client.JudgeClient;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.JudgeScoreResponse;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.Tier;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The input rails, run in parallel: the judge on the prompt (sent first), the suffix-perplexity rail (the
 * routed model's Score on the prompt's tail, when the tenant's policy asks for it; sent second), and the
 * jailbreak detector, which scans while both calls are in flight. Then the decision: the prompt is blocked
 * ({@link ContentFilteredException}, listing the categories) when the detector's score reaches its threshold,
 * the judge's harm score reaches the tenant's block threshold, or the tail's suffix score reaches the
 * perplexity threshold. When the judge or Score is unreachable the tenant's policy decides: fail open (proceed;
 * the rail is recorded as {@code judge-input:fail-open} or {@code suffix-perplexity:fail-open}) or fail closed
 * ({@link UpstreamUnavailableException}, 503 {@code judge_unavailable} or {@code inference_unavailable}). A block
 * by a rail that ran stands even when another rail could not run.
 */
public final class InputRails {

    private final PromptScanner scanner;
    private final JudgeClient judge;
    private final SuffixPerplexityRail perplexity;
    private final Tier maxTier;
    private final double jailbreakThreshold;
    private final int offloadChars;
    private final Executor worker;
    private final GatewayMetrics metrics;
    private final UpstreamCalls calls;

    /**
     * The rails.
     *
     * @param maxTier the most expensive judge tier for prompts
     * @param jailbreakThreshold the detector score that blocks, in (0, 1]
     * @param offloadChars prompts longer than this are scanned on {@code worker} instead of the event loop
     * @param calls the one timer of upstream calls (the bean shared with the output rails and the pipeline)
     */
    public InputRails(PromptScanner scanner, JudgeClient judge, SuffixPerplexityRail perplexity, Tier maxTier,
                      double jailbreakThreshold, int offloadChars, Executor worker, GatewayMetrics metrics,
                      UpstreamCalls calls) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.perplexity = Objects.requireNonNull(perplexity, "perplexity");
        this.maxTier = Objects.requireNonNull(maxTier, "maxTier");
        if (!(jailbreakThreshold > 0 && jailbreakThreshold <= 1)) {
            throw new IllegalArgumentException("the jailbreak threshold must be in (0, 1], got " + jailbreakThreshold);
        }
        this.jailbreakThreshold = jailbreakThreshold;
        this.offloadChars = offloadChars;
        this.worker = Objects.requireNonNull(worker, "worker");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /**
     * Checks a prompt; completes when it may proceed.
     *
     * @param route where the request's model is served (the suffix-perplexity rail scores with that model)
     * @param messages the client's messages
     * @param chars their length in code points (decides where the detector runs)
     * @throws ContentFilteredException (in the Uni) when blocked
     * @throws UpstreamUnavailableException (in the Uni) when the judge or Score is unreachable and the policy
     *                                      fails closed
     */
    public Uni<Void> check(RequestState state, Route route, List<Message> messages, int chars, TenantPolicy policy) {
        if (!policy.inputRails()) {
            return Uni.createFrom().voidItem();
        }
        Prompt prompt = Prompts.chat(messages);
        Uni<JudgeResult> judged = calls.timed(state, Upstream.JUDGE, "Score", "judge_input",
                        () -> judge.score(JudgeScoreRequest.newBuilder().setPrompt(prompt).setMaxTier(maxTier)
                                .setRequestId(state.requestId()).build(), state.executor()))
                .map(JudgeResult::judged)
                .onFailure(f -> f instanceof UpstreamException u && u.unreachable())
                .recoverWithItem(JudgeResult::unreachable);
        Uni<SuffixPerplexityRail.Result> suffix = perplexity.appliesTo(policy)
                ? perplexity.check(state, route, messages)
                : Uni.createFrom().item(SuffixPerplexityRail.Result.skipped());
        PromptScanner.Overrides tenant = new PromptScanner.Overrides(policy.railsPoint(),
                policy.injectionOnUserMessages());
        Uni<PromptScanner.Scan> scanned = chars > offloadChars
                ? Uni.createFrom().item(() -> scanner.scan(messages, tenant)).runSubscriptionOn(worker)
                : Uni.createFrom().item(() -> state.clock().work(() -> scanner.scan(messages, tenant)));
        // subscribed in this order: both calls are on the wire before the detector starts
        return Uni.combine().all().unis(judged, suffix, scanned).asTuple()
                .emitOn(state.executor())
                .invoke(all -> decide(state, policy, all.getItem1(), all.getItem2(), all.getItem3()))
                .replaceWithVoid();
    }

    private void decide(RequestState state, TenantPolicy policy, JudgeResult judged,
                        SuffixPerplexityRail.Result suffix, PromptScanner.Scan scan) {
        boolean jailbreak = jailbreak(state, scan);
        boolean suffixBlocked = suffix(state, suffix);
        Map<String, Double> hazards = judged.response() == null ? Map.of() : hazards(state, policy, judged.response());
        if (judged.response() == null) {
            failed(state, policy, Rail.JUDGE_INPUT, "judge", jailbreak || suffixBlocked);
        }
        if (suffix.isFailed()) {
            failed(state, policy, Rail.SUFFIX_PERPLEXITY, "inference", jailbreak || !hazards.isEmpty());
        }
        if (jailbreak || !hazards.isEmpty() || suffixBlocked) {
            throw new ContentFilteredException(new ContentFilterDetails("prompt", hazards,
                    Hazards.names(hazards.keySet()), scan.score(), jailbreak, scan.families(), details(suffix)));
        }
        if (judged.response() == null && !policy.failOpen()) {
            throw new UpstreamUnavailableException("judge", "the judge is unavailable and this tenant's policy"
                    + " fails closed; retry shortly", judged.failure());
        }
        if (suffix.isFailed() && !policy.failOpen()) {
            throw new UpstreamUnavailableException("inference", "the model's inference-service could not score the"
                    + " prompt for the suffix-perplexity rail and this tenant's policy fails closed; retry shortly",
                    suffix.failure());
        }
    }

    /** Records the detector's verdict; true when it blocks. */
    private boolean jailbreak(RequestState state, PromptScanner.Scan scan) {
        state.score("jailbreak", scan.score());
        boolean jailbreak = scan.score() >= jailbreakThreshold;
        if (jailbreak) {
            state.railFired(Rail.JAILBREAK.tag());
            scan.families().forEach(state::category);
            List<String> families = scan.families().isEmpty() ? List.of("unknown") : scan.families();
            families.forEach(f -> metrics.railDecision(Rail.JAILBREAK, f, RailDecision.BLOCK));
        } else {
            metrics.railDecision(Rail.JAILBREAK, "none", RailDecision.PASS);
        }
        return jailbreak;
    }

    /** Records the judge's verdict; the hazards at or above the tenant's threshold (empty: pass). */
    private Map<String, Double> hazards(RequestState state, TenantPolicy policy, JudgeScoreResponse response) {
        state.score("judge_input", Hazards.decimal(response.getScore()));
        Map<String, Double> hazards = Hazards.atOrAbove(response, policy.blockThreshold());
        if (hazards.isEmpty()) {
            metrics.railDecision(Rail.JUDGE_INPUT, "none", RailDecision.PASS);
        } else {
            state.railFired(Rail.JUDGE_INPUT.tag());
            hazards.keySet().forEach(state::category);
            hazards.keySet().forEach(c -> metrics.railDecision(Rail.JUDGE_INPUT, c, RailDecision.BLOCK));
        }
        return hazards;
    }

    /** Records the suffix-perplexity rail's verdict (nothing when it did not run); true when it blocks. */
    private boolean suffix(RequestState state, SuffixPerplexityRail.Result suffix) {
        if (suffix.signal() == null) {
            return false;
        }
        state.score(SuffixPerplexityRail.STAGE, suffix.signal().score());
        if (suffix.blocked()) {
            String family = AttackFamily.ADVERSARIAL_SUFFIX.tag();
            state.railFired(Rail.SUFFIX_PERPLEXITY.tag());
            state.category(family);
            metrics.railDecision(Rail.SUFFIX_PERPLEXITY, family, RailDecision.BLOCK);
        } else {
            metrics.railDecision(Rail.SUFFIX_PERPLEXITY, "none", RailDecision.PASS);
        }
        return suffix.blocked();
    }

    /**
     * Records a rail that could not run: fail open when the policy says so and no other rail blocks (a block
     * stands whatever the policy), else fail closed. The caller throws for a closed failure once blocks are out.
     */
    private void failed(RequestState state, TenantPolicy policy, Rail rail, String dependency, boolean blockedElse) {
        boolean open = policy.failOpen() && !blockedElse;
        metrics.railDecision(rail, "none", open ? RailDecision.FAIL_OPEN : RailDecision.FAIL_CLOSED);
        state.railFired(rail.tag() + (open ? ":fail-open" : ":fail-closed"));
        if (open) {
            metrics.failOpen(dependency);
        }
    }

    private static ContentFilterDetails.Suffix details(SuffixPerplexityRail.Result suffix) {
        PerplexitySignal signal = suffix.signal();
        if (signal == null) {
            return null;
        }
        Double head = Double.isNaN(signal.headNll()) ? null : round(Math.exp(signal.headNll()));
        return new ContentFilterDetails.Suffix(suffix.blocked(), round(signal.score()),
                round(Math.exp(signal.tailNll())), head, signal.tailTokens());
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** The judge's answer, or why there is none. */
    private record JudgeResult(JudgeScoreResponse response, Throwable failure) {

        static JudgeResult judged(JudgeScoreResponse response) {
            return new JudgeResult(response, null);
        }

        static JudgeResult unreachable(Throwable failure) {
            return new JudgeResult(null, failure);
        }
    }
}
