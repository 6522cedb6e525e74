package dev.warden.gateway.client;

import dev.warden.gateway.error.Upstream;
import dev.warden.gateway.error.UpstreamException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * gRPC calls as Mutiny streams that can be cancelled: cancelling the subscription cancels the call on the
 * wire (the upstream frees its resources at once), which the generated Mutiny stubs do not do for
 * server-streaming calls. Callbacks run on the {@link CallOptions#getExecutor() executor} of the call
 * options, so a caller that passes its Vert.x context's executor gets every item on its own event loop.
 * Failures become {@link UpstreamException}.
 */
final class GrpcCalls {

    private GrpcCalls() {
    }

    /** A unary call; cancelling the {@link Uni} cancels the call. */
    static <Q, R> Uni<R> unary(Upstream upstream, Channel channel, MethodDescriptor<Q, R> method,
                               CallOptions options, Q request) {
        String rpc = method.getBareMethodName();
        return Uni.createFrom().emitter(emitter -> {
            ClientCall<Q, R> call = channel.newCall(method, options);
            AtomicBoolean closed = new AtomicBoolean();
            emitter.onTermination(() -> {
                if (closed.compareAndSet(false, true)) {
                    call.cancel("cancelled by the gateway", null);
                }
            });
            call.start(new ClientCall.Listener<>() {
                private R response;

                @Override
                public void onMessage(R message) {
                    response = message;
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    if (!closed.compareAndSet(false, true)) {
                        return;
                    }
                    if (status.isOk() && response != null) {
                        emitter.complete(response);
                    } else {
                        Status failed = status.isOk()
                                ? Status.INTERNAL.withDescription("the call ended without a response") : status;
                        emitter.fail(new UpstreamException(upstream, rpc, failed, failed.asRuntimeException(trailers)));
                    }
                }
            }, new Metadata());
            send(call, request, 2);
        });
    }

    /**
     * A server-streaming call: one item per response message, completion when the call ends with OK.
     * Cancelling the subscription cancels the call.
     */
    static <Q, R> Multi<R> serverStreaming(Upstream upstream, Channel channel, MethodDescriptor<Q, R> method,
                                           CallOptions options, Q request) {
        String rpc = method.getBareMethodName();
        // IGNORE: no buffer queue; every subscriber of these streams requests without bound
        return Multi.createFrom().emitter(emitter -> {
            ClientCall<Q, R> call = channel.newCall(method, options);
            AtomicBoolean closed = new AtomicBoolean();
            emitter.onTermination(() -> {
                if (closed.compareAndSet(false, true)) {
                    call.cancel("cancelled by the gateway", null);
                }
            });
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onMessage(R message) {
                    emitter.emit(message);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    if (closed.compareAndSet(false, true)) {
                        if (status.isOk()) {
                            emitter.complete();
                        } else {
                            emitter.fail(new UpstreamException(upstream, rpc, status, status.asRuntimeException(trailers)));
                        }
                    }
                }
            }, new Metadata());
            // no per-message flow control: a generation's messages are few and small, and asking for them one at a
            // time would cost a hop to the transport thread per token (HTTP/2 flow control still applies)
            send(call, request, Integer.MAX_VALUE);
        }, BackPressureStrategy.IGNORE);
    }

    private static <Q> void send(ClientCall<Q, ?> call, Q request, int initialRequest) {
        try {
            call.sendMessage(request);
            call.halfClose();
            call.request(initialRequest);
        } catch (RuntimeException e) {
            call.cancel("failed to send the request", e);
            throw e;
        }
    }
}
