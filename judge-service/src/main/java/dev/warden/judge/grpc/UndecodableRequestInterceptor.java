package dev.warden.judge.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a request that could not be decoded into INVALID_ARGUMENT. proto3 string fields must hold valid
 * UTF-8; when they do not (or the bytes are not a message of the request type), the server drops the
 * message, and a unary call would end with INTERNAL ("half-closed without a request"): a client error
 * reported as a server one. This interceptor sees the half-close of a call whose request never arrived
 * and closes it with INVALID_ARGUMENT and the reason instead.
 */
@ApplicationScoped
@GlobalInterceptor
public class UndecodableRequestInterceptor implements ServerInterceptor {

    /** The description clients get. */
    static final String DESCRIPTION = "the request could not be decoded: a string field holds invalid UTF-8, or "
            + "the bytes are not a valid %s message";

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        MethodDescriptor.MethodType type = call.getMethodDescriptor().getType();
        ServerCall.Listener<ReqT> delegate = next.startCall(call, headers);
        if (type != MethodDescriptor.MethodType.UNARY && type != MethodDescriptor.MethodType.SERVER_STREAMING) {
            return delegate;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean received;

            @Override
            public void onMessage(ReqT message) {
                received = true;
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!received) {
                    String request = call.getMethodDescriptor().getFullMethodName();
                    call.close(Status.INVALID_ARGUMENT.withDescription(String.format(DESCRIPTION, request + " request")),
                            new Metadata());
                    return;
                }
                super.onHalfClose();
            }
        };
    }
}
