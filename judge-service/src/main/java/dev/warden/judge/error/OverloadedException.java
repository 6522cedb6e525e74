package dev.warden.judge.error;

/** The judge's work queue is full: the request is rejected (RESOURCE_EXHAUSTED) instead of queueing. */
public final class OverloadedException extends JudgeException {

    private static final long serialVersionUID = 1L;

    /** The queue of {@code capacity} tasks is full. */
    public OverloadedException(int capacity) {
        super("the judge is overloaded: " + capacity + " scoring tasks already wait; retry later");
    }
}
