package dev.warden.model.train;

/** Training cannot go on: the loss or the gradients are no longer finite. */
public class TrainingException extends RuntimeException {

    /** Creates the exception with a message saying at which step and what went wrong. */
    public TrainingException(String message) {
        super(message);
    }
}
