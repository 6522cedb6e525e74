package dev.warden.judge.error;

/**
 * A known reason a judge request cannot be served. Each subclass is one condition; {@link GrpcStatusMapper}
 * turns them into gRPC statuses in one place. The message is the status description clients read.
 */
public abstract sealed class JudgeException extends RuntimeException
        permits InvalidArgumentException, UpstreamException {

    private static final long serialVersionUID = 1L;

    /** An exception with the description clients will read. */
    protected JudgeException(String message) {
        super(message);
    }

    /** An exception with the description clients will read and its cause (logged, not sent). */
    protected JudgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
