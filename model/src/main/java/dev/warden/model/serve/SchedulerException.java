package dev.warden.model.serve;

/**
 * Why the scheduler did not produce a normal result for a request. Subclasses name the condition, so a
 * service maps each to its own status (queue full, closed, deadline, broken listener, engine failure)
 * without reading messages.
 */
public abstract class SchedulerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message and an optional cause. */
    protected SchedulerException(String message, Throwable cause) {
        super(message, cause);
    }
}
