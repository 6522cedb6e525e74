package dev.warden.inference.error;

/**
 * A known reason a request cannot be served. Each subclass is one condition; {@link GrpcStatusMapper} turns
 * them into gRPC statuses in one place, so a client never sees UNKNOWN for a known condition. The message is
 * the status description: it says what was wrong and, where it helps, what is allowed.
 */
public abstract sealed class InferenceException extends RuntimeException
        permits InvalidArgumentException, ModelNotFoundException, ModelUnavailableException,
        CheckpointNotFoundException, CheckpointInvalidException, LoadInProgressException,
        DeadlineExceededException {

    private static final long serialVersionUID = 1L;

    /** An exception with the description clients will read. */
    protected InferenceException(String message) {
        super(message);
    }

    /** An exception with the description clients will read and the underlying cause (logged, not sent). */
    protected InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
