package dev.warden.recovery.error;

import dev.warden.service.grpc.StatusTable;
import dev.warden.service.grpc.StatusTableHandler;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;

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
public class GrpcStatusMapper extends StatusTableHandler {

    private static final StatusTable TABLE = StatusTable.builder("recovery")
            .map(InvalidArgumentException.class, Status.Code.INVALID_ARGUMENT)
            .map(UnauthenticatedException.class, Status.Code.UNAUTHENTICATED)
            .map(NotFoundException.class, Status.Code.NOT_FOUND)
            .map(IdempotencyConflictException.class, Status.Code.ALREADY_EXISTS)
            .map(JobFinishedException.class, Status.Code.FAILED_PRECONDITION)
            .map(StoreUnavailableException.class, Status.Code.UNAVAILABLE)
            .build();

    /** The mapper Quarkus uses. */
    public GrpcStatusMapper() {
        super(TABLE);
    }

    /** The status for {@code failure}, wrappers removed. */
    public static Status toStatus(Throwable failure) {
        return TABLE.toStatus(failure);
    }
}
