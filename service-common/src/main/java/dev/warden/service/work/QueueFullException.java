package dev.warden.service.work;

/**
 * A {@link WorkerPool}'s queue is full: the request is rejected at once instead of waiting without bound. Every
 * service maps it to RESOURCE_EXHAUSTED.
 */
public final class QueueFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The {@code pool} queue holds {@code capacity} waiting requests already. */
    public QueueFullException(String pool, int capacity) {
        super("the " + pool + " queue is full (" + capacity + " requests waiting); retry later");
    }
}
