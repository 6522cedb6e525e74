package dev.warden.recovery.error;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CancellationException;
import org.jboss.logging.Logger;

/**
 * The ONE place where recovery-service failures become gRPC statuses:
 *
 * <table>
 * <caption>status mapping</caption>
 * <tr><th>exception</th><th>status</th></tr>
 * <tr><td>{@link InvalidArgumentException}</td><td>INVALID_ARGUMENT</td></tr>
 * <tr><td>{@link UnauthenticatedException}</td><td>UNAUTHENTICATED</td></tr>
 * <tr><td>{@link NotFoundException}</td><td>NOT_FOUND</td></tr>
 * <tr><td>{@link IdempotencyConflictException}</td><td>ALREADY_EXISTS</td></tr>
 * <tr><td>{@link JobFinishedException}</td><td>FAILED_PRECONDITION</td></tr>
 * <tr><td>{@link StoreUnavailableException}</td><td>UNAVAILABLE</td></tr>
 * <tr><td>a cancelled call</td><td>CANCELLED</td></tr>
 * <tr><td>anything else (a bug, logged with its stack)</td><td>INTERNAL, never UNKNOWN</td></tr>
 * </table>
 */
@ApplicationScoped
public class GrpcStatusMapper implements ExceptionHandlerProvider {

    private static final Logger LOG = Logger.getLogger(GrpcStatusMapper.class);

    /** The status for {@code failure}, wrappers removed. */
    public static Status toStatus(Throwable failure) {
        Throwable t = RestErrorMapper.unwrap(failure);
        if (t instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (t instanceof StatusException se) {
            return se.getStatus();
        }
        if (t instanceof RecoveryException e) {
            return Status.fromCode(code(e)).withDescription(e.getMessage());
        }
        if (t instanceof CancellationException) {
            return Status.CANCELLED.withDescription(t.getMessage());
        }
        LOG.errorf(t, "unexpected failure of a gRPC call");
        return Status.INTERNAL.withDescription("internal error: " + t);
    }

    private static Status.Code code(RecoveryException e) {
        if (e instanceof InvalidArgumentException) {
            return Status.Code.INVALID_ARGUMENT;
        } else if (e instanceof UnauthenticatedException) {
            return Status.Code.UNAUTHENTICATED;
        } else if (e instanceof NotFoundException) {
            return Status.Code.NOT_FOUND;
        } else if (e instanceof IdempotencyConflictException) {
            return Status.Code.ALREADY_EXISTS;
        } else if (e instanceof JobFinishedException) {
            return Status.Code.FAILED_PRECONDITION;
        } else {
            return Status.Code.UNAVAILABLE; // StoreUnavailableException, the last of the sealed hierarchy
        }
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatus(failure).asRuntimeException();
    }

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
            ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata trailers) {
                serverCall.close(toStatus(failure), trailers);
            }
        };
    }
}
