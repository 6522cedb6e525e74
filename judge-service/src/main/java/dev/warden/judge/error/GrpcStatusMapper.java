package dev.warden.judge.error;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import io.smallrye.mutiny.CompositeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * The ONE place where the judge's failures become gRPC statuses:
 *
 * <table>
 *   <tr><th>exception</th><th>status</th></tr>
 *   <tr><td>{@link InvalidArgumentException}</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>{@link OverloadedException}</td><td>RESOURCE_EXHAUSTED</td></tr>
 *   <tr><td>{@link UpstreamException}</td><td>its {@link UpstreamException#code()}</td></tr>
 *   <tr><td>a pool that was shut down</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>a cancelled future</td><td>CANCELLED</td></tr>
 *   <tr><td>anything else (a bug, logged with its stack)</td><td>INTERNAL, never UNKNOWN</td></tr>
 * </table>
 */
@ApplicationScoped
public class GrpcStatusMapper implements ExceptionHandlerProvider {

    private static final Logger LOG = Logger.getLogger(GrpcStatusMapper.class);

    /** The status for {@code failure}, wrappers removed. */
    public static Status toStatus(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (t instanceof StatusException se) {
            return se.getStatus();
        }
        Status.Code code = null;
        if (t instanceof InvalidArgumentException) {
            code = Status.Code.INVALID_ARGUMENT;
        } else if (t instanceof OverloadedException) {
            code = Status.Code.RESOURCE_EXHAUSTED;
        } else if (t instanceof UpstreamException e) {
            code = e.code();
        } else if (t instanceof RejectedExecutionException) {
            code = Status.Code.UNAVAILABLE;
        } else if (t instanceof CancellationException) {
            code = Status.Code.CANCELLED;
        }
        if (code == null) {
            LOG.errorf(t, "unexpected failure of a judge call");
            return Status.INTERNAL.withDescription("internal error: " + t);
        }
        return Status.fromCode(code).withDescription(t.getMessage());
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && (t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof CompositeException)) {
            t = t.getCause();
        }
        return t;
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
