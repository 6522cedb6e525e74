package dev.warden.judge.error;

import dev.warden.service.grpc.StatusTable;
import dev.warden.service.grpc.StatusTableHandler;
import dev.warden.service.work.QueueFullException;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.RejectedExecutionException;

/**
 * The ONE place where the judge's failures become gRPC statuses:
 *
 * <table>
 *   <tr><th>exception</th><th>status</th></tr>
 *   <tr><td>{@link InvalidArgumentException}</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>a full worker queue ({@link QueueFullException})</td><td>RESOURCE_EXHAUSTED</td></tr>
 *   <tr><td>{@link UpstreamException}</td><td>its {@link UpstreamException#code()}</td></tr>
 *   <tr><td>a pool that was shut down</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>a cancelled future</td><td>CANCELLED</td></tr>
 *   <tr><td>anything else (a bug, logged with its stack)</td><td>INTERNAL, never UNKNOWN</td></tr>
 * </table>
 */
@ApplicationScoped
public class GrpcStatusMapper extends StatusTableHandler {

    private static final StatusTable TABLE = StatusTable.builder("judge")
            .map(InvalidArgumentException.class, Status.Code.INVALID_ARGUMENT)
            .map(QueueFullException.class, Status.Code.RESOURCE_EXHAUSTED)
            .map(UpstreamException.class, UpstreamException::code)
            .map(RejectedExecutionException.class, Status.Code.UNAVAILABLE)
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
