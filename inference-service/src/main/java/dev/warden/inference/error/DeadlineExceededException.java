package dev.warden.inference.error;

/** The call's deadline passed before the work was done; the work was stopped. */
public final class DeadlineExceededException extends InferenceException {

    private static final long serialVersionUID = 1L;

    /** The deadline passed while {@code stage} (e.g. "waiting in the queue"). */
    public DeadlineExceededException(String stage) {
        super("the call's deadline passed while " + stage);
    }
}
