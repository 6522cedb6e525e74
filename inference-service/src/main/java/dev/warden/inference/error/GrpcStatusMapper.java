package dev.warden.inference.error;

import dev.warden.model.generate.InvalidPromptException;
import dev.warden.model.generate.InvalidSamplingException;
import dev.warden.model.runtime.DeviceUnavailableException;
import dev.warden.model.tokenizer.TemplateRaisedException;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import io.smallrye.mutiny.CompositeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * The ONE place where exceptions become gRPC statuses, for every RPC of the service (Quarkus hands every
 * failure of a Mutiny service method to this provider). The table below is the whole policy; the first
 * row whose type matches wins. Anything not in the table is a bug, not a known condition: it is logged
 * with its stack trace and sent as INTERNAL (never UNKNOWN).
 *
 * <table>
 *   <tr><th>exception</th><th>status</th></tr>
 *   <tr><td>{@link InvalidArgumentException}, the model library's invalid sampling / prompt, a chat
 *       template's {@code raise_exception}</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>{@link ModelNotFoundException}, {@link CheckpointNotFoundException}</td><td>NOT_FOUND</td></tr>
 *   <tr><td>{@link CheckpointInvalidException}, an absent GPU</td><td>FAILED_PRECONDITION</td></tr>
 *   <tr><td>{@link ModelUnavailableException}, a pool that was shut down</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>{@link QueueFullException}, out of memory</td><td>RESOURCE_EXHAUSTED</td></tr>
 *   <tr><td>{@link LoadInProgressException}</td><td>ABORTED</td></tr>
 *   <tr><td>{@link DeadlineExceededException}</td><td>DEADLINE_EXCEEDED</td></tr>
 *   <tr><td>a cancelled future</td><td>CANCELLED</td></tr>
 * </table>
 */
@ApplicationScoped
public class GrpcStatusMapper implements ExceptionHandlerProvider {

    private static final Logger LOG = Logger.getLogger(GrpcStatusMapper.class);

    private static final Map<Class<? extends Throwable>, Status.Code> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put(InvalidArgumentException.class, Status.Code.INVALID_ARGUMENT);
        TABLE.put(InvalidSamplingException.class, Status.Code.INVALID_ARGUMENT);
        TABLE.put(InvalidPromptException.class, Status.Code.INVALID_ARGUMENT);
        TABLE.put(TemplateRaisedException.class, Status.Code.INVALID_ARGUMENT);
        TABLE.put(ModelNotFoundException.class, Status.Code.NOT_FOUND);
        TABLE.put(CheckpointNotFoundException.class, Status.Code.NOT_FOUND);
        TABLE.put(CheckpointInvalidException.class, Status.Code.FAILED_PRECONDITION);
        TABLE.put(DeviceUnavailableException.class, Status.Code.FAILED_PRECONDITION);
        TABLE.put(ModelUnavailableException.class, Status.Code.UNAVAILABLE);
        TABLE.put(RejectedExecutionException.class, Status.Code.UNAVAILABLE);
        TABLE.put(QueueFullException.class, Status.Code.RESOURCE_EXHAUSTED);
        TABLE.put(OutOfMemoryError.class, Status.Code.RESOURCE_EXHAUSTED);
        TABLE.put(LoadInProgressException.class, Status.Code.ABORTED);
        TABLE.put(DeadlineExceededException.class, Status.Code.DEADLINE_EXCEEDED);
        TABLE.put(CancellationException.class, Status.Code.CANCELLED);
    }

    /**
     * The status for {@code failure}: wrappers (completion, execution, Mutiny composite) are unwrapped, a
     * status exception keeps its status, a known condition gets its row's code with the exception's message
     * as description, anything else is INTERNAL.
     */
    public static Status toStatus(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (t instanceof StatusException se) {
            return se.getStatus();
        }
        for (Map.Entry<Class<? extends Throwable>, Status.Code> row : TABLE.entrySet()) {
            if (row.getKey().isInstance(t)) {
                return Status.fromCode(row.getValue()).withDescription(t.getMessage());
            }
        }
        LOG.errorf(t, "unexpected failure of a gRPC call");
        return Status.INTERNAL.withDescription("internal error: " + t);
    }

    /** The innermost meaningful exception: completion / execution wrappers and composites removed. */
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
