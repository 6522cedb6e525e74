package dev.warden.model.serve;

/**
 * A forward pass failed (for example native memory ran out). Every request in that pass ended with this
 * exception; the scheduler cleared its cache and goes on with the next requests.
 */
public final class EngineFailureException extends SchedulerException {

    private static final long serialVersionUID = 1L;

    /** The pass failed with {@code cause}. */
    public EngineFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
