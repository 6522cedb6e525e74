package dev.warden.gateway.pipeline;

import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.client.JudgeClient;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.Tier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import java.util.List;
import java.util.Objects;

/**
 * The output rails: turns inference's token stream into {@link ChatEvent}s, and when the tenant's policy
 * enables them, judges the response in windows as it streams (see {@link GuardedStream}): text reaches the
 * client only once the window holding it was judged safe, and an unsafe window stops generation (the Generate
 * call is cancelled) and ends the response with finish reason {@code content_filter}.
 */
public final class OutputRails {

    private final JudgeClient judge;
    private final Tier maxTier;
    private final int windowTokens;
    private final int judgedChars;
    private final GatewayMetrics metrics;
    private final UpstreamCalls calls;

    /**
     * The rails.
     *
     * @param maxTier the most expensive judge tier per window (a cheap one keeps the stream fluent)
     * @param windowTokens tokens per judged window, at least 1
     * @param judgedChars the most trailing response characters sent with each window
     * @param calls the one timer of upstream calls (the bean shared with the input rails and the pipeline)
     */
    public OutputRails(JudgeClient judge, Tier maxTier, int windowTokens, int judgedChars, GatewayMetrics metrics,
                       UpstreamCalls calls) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.maxTier = Objects.requireNonNull(maxTier, "maxTier");
        if (windowTokens < 1 || judgedChars < 1) {
            throw new IllegalArgumentException("windowTokens and judgedChars must be >= 1, got " + windowTokens
                    + ", " + judgedChars);
        }
        this.windowTokens = windowTokens;
        this.judgedChars = judgedChars;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /**
     * Guards a generation.
     *
     * @param generation inference's stream, delivering on {@code state}'s executor
     * @param clientMessages the conversation as the client sent it (the judge's context for each window)
     * @param estimatedPromptTokens reported as prompt tokens if the stream is cut before inference counted them
     */
    public Multi<ChatEvent> guard(RequestState state, Multi<GenerateResponse> generation, List<Message> clientMessages,
                                  TenantPolicy policy, int estimatedPromptTokens) {
        Prompt prompt = policy.outputRails() ? Prompts.chat(clientMessages) : null;
        // IGNORE: no buffer queue; the HTTP layer (and any collector) requests without bound
        return Multi.createFrom().emitter(emitter -> new GuardedStream(state, policy, emitter, this, prompt,
                estimatedPromptTokens).start(generation), BackPressureStrategy.IGNORE);
    }

    JudgeClient judge() {
        return judge;
    }

    Tier maxTier() {
        return maxTier;
    }

    int windowTokens() {
        return windowTokens;
    }

    int judgedChars() {
        return judgedChars;
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    UpstreamCalls calls() {
        return calls;
    }
}
