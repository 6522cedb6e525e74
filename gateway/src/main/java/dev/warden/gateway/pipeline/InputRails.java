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
import dev.warden.gateway.upstream.JudgeClient;
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
 * The input rails: the jailbreak detector and the judge on the prompt, run in parallel (the judge call is
 * sent first, the detector scans while it is in flight), then the decision: the prompt is blocked when the
 * detector's score reaches its threshold or the judge's harm score reaches the tenant's block threshold
 * ({@link ContentFilteredException}, listing the categories). When the judge is unreachable the tenant's
 * policy decides: fail open (proceed; the rail is recorded as {@code judge-input:fail-open}) or fail closed
 * ({@link UpstreamUnavailableException}, 503). A detector block stands even when the judge is unreachable.
 */
public final class InputRails {

    private final PromptScanner scanner;
    private final JudgeClient judge;
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
     */
    public InputRails(PromptScanner scanner, JudgeClient judge, Tier maxTier, double jailbreakThreshold,
                      int offloadChars, Executor worker, GatewayMetrics metrics) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.maxTier = Objects.requireNonNull(maxTier, "maxTier");
        if (!(jailbreakThreshold > 0 && jailbreakThreshold <= 1)) {
            throw new IllegalArgumentException("the jailbreak threshold must be in (0, 1], got " + jailbreakThreshold);
        }
        this.jailbreakThreshold = jailbreakThreshold;
        this.offloadChars = offloadChars;
        this.worker = Objects.requireNonNull(worker, "worker");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.calls = new UpstreamCalls(metrics);
    }

    /**
     * Checks a prompt; completes when it may proceed.
     *
     * @param messages the client's messages
     * @param chars their length in code points (decides where the detector runs)
     * @throws ContentFilteredException (in the Uni) when blocked
     * @throws UpstreamUnavailableException (in the Uni) when the judge is unreachable and the policy fails closed
     */
    public Uni<Void> check(RequestState state, List<Message> messages, int chars, TenantPolicy policy) {
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
        Uni<PromptScanner.Scan> scanned = chars > offloadChars
                ? Uni.createFrom().item(() -> scanner.scan(messages)).runSubscriptionOn(worker)
                : Uni.createFrom().item(() -> state.clock().work(() -> scanner.scan(messages)));
        return Uni.combine().all().unis(judged, scanned).asTuple()
                .emitOn(state.executor())
                .invoke(both -> decide(state, policy, both.getItem1(), both.getItem2()))
                .replaceWithVoid();
    }

    private void decide(RequestState state, TenantPolicy policy, JudgeResult judged, PromptScanner.Scan scan) {
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
        Map<String, Double> hazards = Map.of();
        if (judged.response() == null) {
            boolean open = policy.failOpen() && !jailbreak;
            metrics.railDecision(Rail.JUDGE_INPUT, "none", open ? RailDecision.FAIL_OPEN : RailDecision.FAIL_CLOSED);
            state.railFired(Rail.JUDGE_INPUT.tag() + (open ? ":fail-open" : ":fail-closed"));
            if (open) {
                metrics.failOpen("judge");
            } else if (!jailbreak) {
                throw new UpstreamUnavailableException("judge", "the judge is unavailable and this tenant's policy"
                        + " fails closed; retry shortly", judged.failure());
            }
        } else {
            state.score("judge_input", Hazards.decimal(judged.response().getScore()));
            hazards = Hazards.atOrAbove(judged.response(), policy.blockThreshold());
            if (hazards.isEmpty()) {
                metrics.railDecision(Rail.JUDGE_INPUT, "none", RailDecision.PASS);
            } else {
                state.railFired(Rail.JUDGE_INPUT.tag());
                hazards.keySet().forEach(state::category);
                hazards.keySet().forEach(c -> metrics.railDecision(Rail.JUDGE_INPUT, c, RailDecision.BLOCK));
            }
        }
        if (jailbreak || !hazards.isEmpty()) {
            throw new ContentFilteredException(new ContentFilterDetails("prompt", hazards,
                    Hazards.names(hazards.keySet()), scan.score(), jailbreak, scan.families()));
        }
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
