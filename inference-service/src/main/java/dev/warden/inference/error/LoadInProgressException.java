package dev.warden.inference.error;

/** A LoadModel arrived while another load was still running. */
public final class LoadInProgressException extends InferenceException {

    private static final long serialVersionUID = 1L;

    /** {@code loading} describes the load in progress. */
    public LoadInProgressException(String loading) {
        super("another model load is in progress (" + loading + "); retry when it is done");
    }
}
