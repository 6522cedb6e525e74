package dev.warden.model.serve;

/** A request was rejected at submission: every batch slot is busy and the admission queue is full. */
public final class QueueFullException extends SchedulerException {

    private static final long serialVersionUID = 1L;

    private final int maxQueue;

    /** Rejection by a scheduler whose queue holds at most {@code maxQueue} waiting requests. */
    public QueueFullException(int maxQueue) {
        super("admission queue full: " + maxQueue + " requests already wait for a batch slot", null);
        this.maxQueue = maxQueue;
    }

    /** The queue bound that was reached. */
    public int maxQueue() {
        return maxQueue;
    }
}
