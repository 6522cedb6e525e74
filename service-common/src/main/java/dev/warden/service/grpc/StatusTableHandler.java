package dev.warden.service.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import java.util.Objects;

/**
 * The Quarkus side of a {@link StatusTable}: Quarkus hands every failure of a service's gRPC methods to its one
 * {@link ExceptionHandlerProvider} bean, and this one closes the call with the table's status. A service's
 * {@code GrpcStatusMapper} extends it with the service's table and is {@code @ApplicationScoped}.
 */
public abstract class StatusTableHandler implements ExceptionHandlerProvider {

    private final StatusTable table;

    /** A handler mapping with {@code table}. */
    protected StatusTableHandler(StatusTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public Throwable transform(Throwable failure) {
        return table.toStatus(failure).asRuntimeException();
    }

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
            ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata trailers) {
                serverCall.close(table.toStatus(failure), trailers);
            }
        };
    }
}
