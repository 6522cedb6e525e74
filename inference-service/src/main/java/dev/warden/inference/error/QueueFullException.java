package dev.warden.inference.error;

/** A worker pool's queue is full: the request is rejected instead of waiting without bound. */
public final class QueueFullException extends InferenceException {

    private static final long serialVersionUID = 1L;

    /** The {@code pool} queue holds {@code capacity} waiting requests already. */
    public QueueFullException(String pool, int capacity) {
        super("the " + pool + " queue is full (" + capacity + " requests waiting); retry later");
    }
}
