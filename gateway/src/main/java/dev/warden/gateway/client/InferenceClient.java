package dev.warden.gateway.client;

import dev.warden.gateway.error.Upstream;
import dev.warden.gateway.routing.ChannelPool;
import dev.warden.gateway.routing.Route;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.InferenceScoreRequest;
import dev.warden.proto.v1.InferenceScoreResponse;
import dev.warden.proto.v1.ModelInfoRequest;
import dev.warden.proto.v1.ModelInfoResponse;
import io.grpc.CallOptions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Calls inference-service's Generate and Score on the channel of a {@link Route}'s target. The stream's items (and its
 * end) are delivered on the given executor; cancelling the subscription cancels the call. Failures are
 * {@link dev.warden.gateway.error.UpstreamException} with upstream {@code inference}.
 */
public final class InferenceClient {

    private final ChannelPool channels;
    private final Duration timeout;

    /**
     * A client.
     *
     * @param channels the channels of every route's target
     * @param timeout the deadline of one Generate call
     */
    public InferenceClient(ChannelPool channels, Duration timeout) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Streams a generation. The request's {@code model} is set from the route.
     *
     * @param executor where the stream's signals are delivered
     */
    public Multi<GenerateResponse> generate(Route route, GenerateRequest request, Executor executor) {
        GenerateRequest routed = request.toBuilder().setModel(route.upstreamModel()).build();
        CallOptions options = CallOptions.DEFAULT.withExecutor(executor)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return GrpcCalls.serverStreaming(Upstream.INFERENCE, channels.channel(route.target()),
                InferenceGrpc.getGenerateMethod(), options, routed);
    }

    /**
     * The model the route's target serves (its name, context length ...).
     *
     * @param timeout the call's deadline
     * @param executor where the result is delivered
     */
    public Uni<ModelInfoResponse> modelInfo(Route route, Duration timeout, Executor executor) {
        CallOptions options = CallOptions.DEFAULT.withExecutor(executor)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return GrpcCalls.unary(Upstream.INFERENCE, channels.channel(route.target()), InferenceGrpc.getModelInfoMethod(),
                options, ModelInfoRequest.getDefaultInstance());
    }

    /**
     * Scores a text's tokens (per-token log-probabilities) with the route's model. The request's {@code model} is
     * set from the route.
     *
     * @param timeout the call's deadline
     * @param executor where the result is delivered
     */
    public Uni<InferenceScoreResponse> score(Route route, InferenceScoreRequest request, Duration timeout,
                                             Executor executor) {
        InferenceScoreRequest routed = request.toBuilder().setModel(route.upstreamModel()).build();
        CallOptions options = CallOptions.DEFAULT.withExecutor(executor)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return GrpcCalls.unary(Upstream.INFERENCE, channels.channel(route.target()), InferenceGrpc.getScoreMethod(),
                options, routed);
    }
}
