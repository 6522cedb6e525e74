package dev.warden.recovery.error;

/**
 * A known reason a recovery-service request cannot be served. Each subclass is one condition;
 * {@link RestErrorMapper} and {@link GrpcStatusMapper} turn them into HTTP and gRPC statuses, each in one
 * place. The message is what clients read: {@code <field>: <reason>} when a field is to blame.
 */
public abstract sealed class RecoveryException extends RuntimeException
        permits InvalidArgumentException, NotFoundException, IdempotencyConflictException, JobFinishedException,
        UnauthenticatedException, StoreUnavailableException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /** An exception about {@code field} (null when no field is to blame) for the reason {@code reason}. */
    protected RecoveryException(String field, String reason, Throwable cause) {
        super(field == null ? reason : field + ": " + reason, cause);
        this.field = field;
    }

    /** The request field to blame, as the proto names it from the request root (e.g. {@code spec.aligned_path}); or null. */
    public String field() {
        return field;
    }

    /** The stable machine-readable code of the REST error body, e.g. {@code invalid_argument}. */
    public abstract String code();
}
