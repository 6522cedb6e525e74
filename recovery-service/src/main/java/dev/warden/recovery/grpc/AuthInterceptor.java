package dev.warden.recovery.grpc;

import dev.warden.recovery.auth.ApiToken;
import dev.warden.recovery.error.GrpcStatusMapper;
import dev.warden.recovery.error.UnauthenticatedException;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every gRPC call needs the metadata {@code authorization: Bearer <token>}; without a valid one it ends with
 * UNAUTHENTICATED before reaching the service. The standard health service stays open (probes).
 */
@ApplicationScoped
@GlobalInterceptor
public class AuthInterceptor implements ServerInterceptor {

    /** The metadata key. */
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    ApiToken token;

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        if ("grpc.health.v1.Health".equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        try {
            token.check(headers.get(AUTHORIZATION));
        } catch (UnauthenticatedException e) {
            call.close(GrpcStatusMapper.toStatus(e), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
