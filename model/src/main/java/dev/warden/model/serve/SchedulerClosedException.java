package dev.warden.model.serve;

/**
 * The scheduler is shut down: a submission after {@link BatchScheduler#shutdown()} or
 * {@link BatchScheduler#close()}, or a queued request that close() dropped before it started (safe to
 * retry elsewhere: no token was generated).
 */
public final class SchedulerClosedException extends SchedulerException {

    private static final long serialVersionUID = 1L;

    /** A rejection or drop with the given reason. */
    public SchedulerClosedException(String message) {
        super(message, null);
    }
}
