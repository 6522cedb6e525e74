package dev.warden.model.checkpoint;

/** A directory is not a loadable checkpoint, or a checkpoint cannot be written; the message says why. */
public class CheckpointException extends RuntimeException {

    /** Creates the exception with the reason. */
    public CheckpointException(String message) {
        super(message);
    }

    /** Creates the exception with the reason and its cause. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
