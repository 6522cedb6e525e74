package dev.warden.gateway.error;

import io.grpc.Status;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A gRPC call to an upstream failed with {@code status}. Raised by the gateway's gRPC clients;
 * {@link ErrorMapper} maps it by status code (bad input to 400, everything else to 503 with Retry-After), and
 * the rails apply the tenant's fail-open policy when {@link #unreachable()}.
 */
public final class UpstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Codes that mean the upstream could not serve the call at all (as opposed to rejecting its input). */
    private static final Set<Status.Code> UNREACHABLE = EnumSet.of(Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED,
            Status.Code.UNKNOWN, Status.Code.INTERNAL, Status.Code.ABORTED, Status.Code.UNIMPLEMENTED,
            Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION, Status.Code.DATA_LOSS,
            Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED);

    private final Upstream upstream;
    private final String rpc;
    private final transient Status status;

    /**
     * A failed call.
     *
     * @param upstream which service
     * @param rpc the method, for example {@code Generate}
     * @param status the call's status (not OK)
     */
    public UpstreamException(Upstream upstream, String rpc, Status status, Throwable cause) {
        super(upstream.tag() + " " + rpc + " failed: " + status.getCode()
                + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"), cause);
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.rpc = Objects.requireNonNull(rpc, "rpc");
        this.status = Objects.requireNonNull(status, "status");
    }

    /** Which service failed. */
    public Upstream upstream() {
        return upstream;
    }

    /** The method that failed. */
    public String rpc() {
        return rpc;
    }

    /** The call's status. */
    public Status status() {
        return status;
    }

    /** True unless the upstream rejected the input (INVALID_ARGUMENT, OUT_OF_RANGE). */
    public boolean unreachable() {
        return UNREACHABLE.contains(status.getCode());
    }
}
