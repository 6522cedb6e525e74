package dev.warden.gateway.client;

import dev.warden.gateway.error.Upstream;
import dev.warden.proto.v1.JudgeGrpc;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.JudgeScoreResponse;
import dev.warden.proto.v1.ScoreBatchRequest;
import dev.warden.proto.v1.ScoreBatchResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Calls judge-service's Score and ScoreBatch, each with the configured deadline. Results are delivered on the
 * given executor; cancelling cancels the call. Failures are {@link dev.warden.gateway.error.UpstreamException}
 * with upstream {@code judge}.
 */
public final class JudgeClient {

    private final Channel channel;
    private final Duration timeout;

    /**
     * A client.
     *
     * @param channel the judge's channel
     * @param timeout the deadline of one call
     */
    public JudgeClient(Channel channel, Duration timeout) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Scores one prompt, or one response with its prompt. */
    public Uni<JudgeScoreResponse> score(JudgeScoreRequest request, Executor executor) {
        return GrpcCalls.unary(Upstream.JUDGE, channel, JudgeGrpc.getScoreMethod(), options(executor), request);
    }

    /** Scores several items; results in request order. */
    public Uni<ScoreBatchResponse> scoreBatch(ScoreBatchRequest request, Executor executor) {
        return GrpcCalls.unary(Upstream.JUDGE, channel, JudgeGrpc.getScoreBatchMethod(), options(executor), request);
    }

    private CallOptions options(Executor executor) {
        return CallOptions.DEFAULT.withExecutor(executor).withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
