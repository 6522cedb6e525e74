package dev.warden.gateway.pipeline;

import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.error.Upstream;
import dev.warden.gateway.error.UpstreamException;
import dev.warden.gateway.error.UpstreamUnavailableException;
import dev.warden.gateway.metrics.Rail;
import dev.warden.gateway.metrics.RailDecision;
import dev.warden.proto.v1.FinishReason;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.GenerationFinish;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.JudgeScoreResponse;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.TokenDelta;
import io.grpc.Status;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * One guarded generation: a state machine driven by inference's stream and the judge's verdicts, all
 * delivered on the request's executor (one thread at a time, in order).
 *
 * <p>With output rails off, deltas pass straight through. With them on, deltas are held back; every
 * {@code windowTokens} generated tokens (and at the end) the response so far is sent to the judge
 * ({@code response_incomplete} for all but the final window), one window at a time, while generation goes
 * on. A safe verdict releases the deltas the window covered; an unsafe one cancels the Generate call, drops
 * everything not yet released and finishes with {@code content_filter}. If the judge is unreachable, a
 * fail-open tenant gets the rest unjudged; a fail-closed tenant gets an error.
 */
final class GuardedStream {

    private final RequestState state;
    private final TenantPolicy policy;
    private final MultiEmitter<? super ChatEvent> emitter;
    private final OutputRails rails;
    private final Prompt prompt;
    private final int estimatedPromptTokens;
    private final StringBuilder text = new StringBuilder();
    /** Held-back deltas, oldest first, each with the text offset where it ends. */
    private final Deque<Pending> pending = new ArrayDeque<>();
    private boolean judging;
    private int tokens;
    private int checkedTokens;
    private GenerationFinish finish;
    private boolean done;
    private Cancellable generation;
    private Cancellable judgeCall;

    GuardedStream(RequestState state, TenantPolicy policy, MultiEmitter<? super ChatEvent> emitter, OutputRails rails,
                  Prompt prompt, int estimatedPromptTokens) {
        this.state = state;
        this.policy = policy;
        this.emitter = emitter;
        this.rails = rails;
        this.prompt = prompt;
        this.judging = prompt != null;
        this.estimatedPromptTokens = estimatedPromptTokens;
    }

    void start(io.smallrye.mutiny.Multi<GenerateResponse> upstream) {
        emitter.onTermination(this::stop);
        generation = upstream.subscribe().with(this::onResponse, this::onFailure, this::onComplete);
    }

    private void onResponse(GenerateResponse response) {
        if (done) {
            return;
        }
        if (response.hasDelta()) {
            TokenDelta delta = response.getDelta();
            tokens += Math.max(1, delta.getTokenIdsCount());
            if (delta.getText().isEmpty() && delta.getLogprobsCount() == 0) {
                return;
            }
            text.append(delta.getText());
            ChatEvent.Delta event = new ChatEvent.Delta(delta.getText(), delta.getLogprobsList());
            if (judging) {
                pending.add(new Pending(event, text.length()));
                maybeJudge();
            } else {
                emitter.emit(event);
            }
        } else if (response.hasFinish()) {
            finish = response.getFinish();
            if (finish.getFinishReason() == FinishReason.FINISH_REASON_CANCELLED) {
                fail(new UpstreamException(Upstream.INFERENCE, "Generate", Status.UNAVAILABLE.withDescription(
                        "inference-service ended the generation early (shutting down)"), null));
            } else if (judging) {
                maybeJudge();
            } else {
                finishNormally();
            }
        }
    }

    private void onFailure(Throwable failure) {
        if (!done) {
            fail(failure);
        }
    }

    private void onComplete() {
        if (!done && finish == null) {
            fail(new UpstreamException(Upstream.INFERENCE, "Generate",
                    Status.INTERNAL.withDescription("the stream ended without a finish message"), null));
        }
    }

    /** Sends the next window to the judge when one is due and none is in flight. */
    private void maybeJudge() {
        if (done || judgeCall != null) {
            return;
        }
        boolean last = finish != null;
        if (last && text.isEmpty()) {
            finishNormally(); // nothing to judge (an empty response would make the judge judge the prompt)
            return;
        }
        if (!last && tokens - checkedTokens < rails.windowTokens()) {
            return;
        }
        int end = text.length();
        checkedTokens = tokens;
        JudgeScoreRequest request = JudgeScoreRequest.newBuilder().setPrompt(prompt)
                .setResponse(text.substring(Math.max(0, end - rails.judgedChars()), end))
                .setResponseIncomplete(!last).setMaxTier(rails.maxTier()).setRequestId(state.requestId()).build();
        judgeCall = rails.calls().timed(state, Upstream.JUDGE, "Score", "judge_output",
                        () -> rails.judge().score(request, state.executor()))
                .subscribe().with(verdict -> onVerdict(end, last, verdict), failure -> onJudgeFailure(end, last, failure));
    }

    private void onVerdict(int end, boolean last, JudgeScoreResponse verdict) {
        judgeCall = null;
        if (done) {
            return;
        }
        state.score("judge_output", Hazards.decimal(verdict.getScore()));
        Map<String, Double> hazards = Hazards.atOrAbove(verdict, policy.blockThreshold());
        if (!hazards.isEmpty()) {
            cut(hazards);
            return;
        }
        rails.metrics().railDecision(Rail.JUDGE_OUTPUT, "none", RailDecision.PASS);
        release(end);
        if (last) {
            finishNormally();
        } else {
            maybeJudge();
        }
    }

    private void onJudgeFailure(int end, boolean last, Throwable failure) {
        judgeCall = null;
        if (done) {
            return;
        }
        boolean unreachable = failure instanceof UpstreamException u && u.unreachable();
        if (!(unreachable && policy.failOpen())) {
            rails.metrics().railDecision(Rail.JUDGE_OUTPUT, "none", RailDecision.FAIL_CLOSED);
            state.railFired(Rail.JUDGE_OUTPUT.tag() + ":fail-closed");
            fail(new UpstreamUnavailableException("judge", "the judge could not check the response and this"
                    + " tenant's policy fails closed; retry shortly", failure));
            return;
        }
        rails.metrics().railDecision(Rail.JUDGE_OUTPUT, "none", RailDecision.FAIL_OPEN);
        rails.metrics().failOpen("judge");
        state.railFired(Rail.JUDGE_OUTPUT.tag() + ":fail-open");
        judging = false;
        release(text.length());
        if (finish != null) {
            finishNormally();
        }
    }

    private void cut(Map<String, Double> hazards) {
        state.railFired(Rail.JUDGE_OUTPUT.tag());
        hazards.keySet().forEach(state::category);
        hazards.keySet().forEach(c -> rails.metrics().railDecision(Rail.JUDGE_OUTPUT, c, RailDecision.BLOCK));
        int promptTokens = finish != null ? finish.getUsage().getPromptTokens() : estimatedPromptTokens;
        done = true;
        stopUpstreamCalls();
        emit(new ChatEvent.Finish(ChatEvent.Finish.CONTENT_FILTER, promptTokens, tokens));
    }

    private void release(int end) {
        while (!pending.isEmpty() && pending.peekFirst().end() <= end) {
            emitter.emit(pending.pollFirst().delta());
        }
    }

    private void finishNormally() {
        String reason = finish.getFinishReason() == FinishReason.FINISH_REASON_LENGTH ? "length" : "stop";
        done = true;
        // the Generate call has sent its finish message and ends by itself: no cancel
        emit(new ChatEvent.Finish(reason, finish.getUsage().getPromptTokens(), finish.getUsage().getCompletionTokens()));
    }

    private void emit(ChatEvent.Finish last) {
        emitter.emit(last);
        emitter.complete();
    }

    private void fail(Throwable failure) {
        done = true;
        stopUpstreamCalls();
        emitter.fail(failure);
    }

    /** The stream ended or the client went away: cancel whatever is still running. */
    private void stop() {
        if (!done) {
            done = true;
            stopUpstreamCalls();
        }
    }

    private void stopUpstreamCalls() {
        if (generation != null) {
            generation.cancel();
        }
        if (judgeCall != null) {
            judgeCall.cancel();
            judgeCall = null;
        }
    }

    /** A held-back delta and the text offset where it ends. */
    private record Pending(ChatEvent.Delta delta, int end) {
    }
}
