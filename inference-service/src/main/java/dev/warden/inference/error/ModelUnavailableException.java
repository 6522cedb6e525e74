package dev.warden.inference.error;

/** No model can serve right now: none is loaded yet, the first load failed, or the service is stopping. */
public final class ModelUnavailableException extends InferenceException {

    private static final long serialVersionUID = 1L;

    /** Unavailable for {@code reason}. */
    public ModelUnavailableException(String reason) {
        super(reason);
    }
}
