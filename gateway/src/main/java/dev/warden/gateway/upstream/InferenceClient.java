package dev.warden.gateway.upstream;

import dev.warden.gateway.error.Upstream;
import dev.warden.gateway.routing.ChannelPool;
import dev.warden.gateway.routing.Route;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.InferenceGrpc;
import io.grpc.CallOptions;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Calls inference-service's Generate on the channel of a {@link Route}'s target. The stream's items (and its
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
}
