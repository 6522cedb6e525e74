package dev.warden.inference.error;

import dev.warden.model.generate.InvalidPromptException;
import dev.warden.model.generate.InvalidSamplingException;
import dev.warden.model.runtime.DeviceUnavailableException;
import dev.warden.model.tokenizer.TemplateRaisedException;
import dev.warden.service.grpc.StatusTable;
import dev.warden.service.grpc.StatusTableHandler;
import dev.warden.service.work.QueueFullException;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.RejectedExecutionException;

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
 *   <tr><td>{@link QueueFullException} (a worker pool's), out of memory</td><td>RESOURCE_EXHAUSTED</td></tr>
 *   <tr><td>{@link LoadInProgressException}</td><td>ABORTED</td></tr>
 *   <tr><td>{@link DeadlineExceededException}</td><td>DEADLINE_EXCEEDED</td></tr>
 *   <tr><td>a cancelled future</td><td>CANCELLED</td></tr>
 * </table>
 */
@ApplicationScoped
public class GrpcStatusMapper extends StatusTableHandler {

    private static final StatusTable TABLE = StatusTable.builder("inference")
            .map(InvalidArgumentException.class, Status.Code.INVALID_ARGUMENT)
            .map(InvalidSamplingException.class, Status.Code.INVALID_ARGUMENT)
            .map(InvalidPromptException.class, Status.Code.INVALID_ARGUMENT)
            .map(TemplateRaisedException.class, Status.Code.INVALID_ARGUMENT)
            .map(ModelNotFoundException.class, Status.Code.NOT_FOUND)
            .map(CheckpointNotFoundException.class, Status.Code.NOT_FOUND)
            .map(CheckpointInvalidException.class, Status.Code.FAILED_PRECONDITION)
            .map(DeviceUnavailableException.class, Status.Code.FAILED_PRECONDITION)
            .map(ModelUnavailableException.class, Status.Code.UNAVAILABLE)
            .map(RejectedExecutionException.class, Status.Code.UNAVAILABLE)
            .map(QueueFullException.class, Status.Code.RESOURCE_EXHAUSTED)
            .map(OutOfMemoryError.class, Status.Code.RESOURCE_EXHAUSTED)
            .map(LoadInProgressException.class, Status.Code.ABORTED)
            .map(DeadlineExceededException.class, Status.Code.DEADLINE_EXCEEDED)
            .build();

    /** The mapper Quarkus uses. */
    public GrpcStatusMapper() {
        super(TABLE);
    }

    /** The status for {@code failure} (see the table above; the shared rules are {@link StatusTable}'s). */
    public static Status toStatus(Throwable failure) {
        return TABLE.toStatus(failure);
    }
}
