package dev.warden.gateway.pipeline;

import dev.warden.gateway.error.Upstream;
import dev.warden.gateway.metrics.GatewayMetrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Wraps upstream calls so that their wait is excluded from the request's overhead, their latency is
 * recorded in metrics and the audit event, whatever way they end (item, failure, cancellation).
 */
public final class UpstreamCalls {

    private final GatewayMetrics metrics;

    /** Calls recorded in {@code metrics}. */
    public UpstreamCalls(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** A timed unary call; {@code stage} names its latency in the audit event. */
    public <T> Uni<T> timed(RequestState state, Upstream upstream, String rpc, String stage, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            long t0 = System.nanoTime();
            state.clock().upstreamStart();
            return call.get().onTermination().invoke(() -> ended(state, upstream, rpc, stage, t0));
        });
    }

    /** A timed streaming call, open from subscription to its end. */
    public <T> Multi<T> timed(RequestState state, Upstream upstream, String rpc, String stage, Multi<T> call) {
        return Multi.createFrom().deferred(() -> {
            long t0 = System.nanoTime();
            state.clock().upstreamStart();
            return call.onTermination().invoke(() -> ended(state, upstream, rpc, stage, t0));
        });
    }

    private void ended(RequestState state, Upstream upstream, String rpc, String stage, long t0) {
        long nanos = System.nanoTime() - t0;
        state.clock().upstreamEnd();
        metrics.upstream(upstream, rpc, nanos);
        state.latency(stage, nanos);
    }
}
