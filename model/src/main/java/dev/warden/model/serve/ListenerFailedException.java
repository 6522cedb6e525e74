package dev.warden.model.serve;

/**
 * A request's {@link StreamListener} threw. The request was cancelled (its slot freed) and the other
 * requests went on; the listener's exception is the cause.
 */
public final class ListenerFailedException extends SchedulerException {

    private static final long serialVersionUID = 1L;

    /** Request {@code requestId}'s listener threw {@code cause}. */
    public ListenerFailedException(long requestId, Throwable cause) {
        super("the stream listener of request " + requestId + " threw " + cause, cause);
    }
}
