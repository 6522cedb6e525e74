package dev.warden.recovery.method;

/**
 * The repair cannot go on: unreadable or mismatched checkpoints, unusable probe or task files, or an
 * internal error. The message is the job's failure reason.
 */
public final class RepairFailedException extends RuntimeException {

    /** With the reason. */
    public RepairFailedException(String message) {
        super(message);
    }

    /** With the reason and its cause. */
    public RepairFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
