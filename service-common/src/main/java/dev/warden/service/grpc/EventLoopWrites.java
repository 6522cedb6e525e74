package dev.warden.service.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes every call's response (headers, messages, trailers) on the call's own Vert.x event loop, and none
 * once the client cancelled the call.
 *
 * <p>Why: the unified (Vert.x) gRPC server lets a worker thread write to an HTTP/2 stream; Vert.x 4.5 checks
 * the stream at that moment, then queues the write to the event loop. When the client's {@code RST_STREAM}
 * (a cancelled call: a gateway client that went away, an output rail that cut the answer) is read in between,
 * Netty has already forgotten the stream when the queued HEADERS frame (response headers or trailers) runs, and
 * its encoder takes the frame for a new stream with the client's odd id: a connection error, {@code GOAWAY
 * PROTOCOL_ERROR "Request stream N is not correct for server connection"}, which fails every call in flight on
 * that connection (the gateway's 503s). On the event loop, the reset is seen before the write: the call is
 * marked cancelled when the {@code RST_STREAM} is read, and the write is dropped.
 *
 * <p>With the separate grpc-java server (no Vert.x context on the calling thread) calls pass through
 * unchanged: grpc-java's server already drops writes to reset streams.
 *
 * <p>Found in inference-service (issue 14); it lives here so that every service on the Vert.x gRPC server has it:
 * this jar's {@code beans.xml} makes Quarkus discover it in inference-service and judge-service (whose scoring
 * also answers from worker threads, and whose callers cancel too).
 */
@GlobalInterceptor
@ApplicationScoped
public class EventLoopWrites implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return next.startCall(call, headers);
        }
        return next.startCall(new OnEventLoop<>(call, context), headers);
    }

    /**
     * A call whose writes are queued to its event loop in the order they are made (also when made on the event
     * loop itself, so that they never overtake writes queued earlier by a worker thread).
     */
    public static final class OnEventLoop<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {

        private final Context context;

        /** {@code call}, written on {@code context}. */
        public OnEventLoop(ServerCall<Q, R> call, Context context) {
            super(call);
            this.context = context;
        }

        @Override
        public void sendHeaders(Metadata headers) {
            write(() -> super.sendHeaders(headers));
        }

        @Override
        public void sendMessage(R message) {
            write(() -> super.sendMessage(message));
        }

        @Override
        public void close(Status status, Metadata trailers) {
            write(() -> super.close(status, trailers));
        }

        private void write(Runnable write) {
            context.runOnContext(ignored -> {
                if (!isCancelled()) {
                    write.run();
                }
            });
        }
    }
}
