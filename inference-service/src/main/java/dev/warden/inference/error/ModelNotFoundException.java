package dev.warden.inference.error;

/** A request named a model other than the one loaded. */
public final class ModelNotFoundException extends InferenceException {

    private static final long serialVersionUID = 1L;

    /** {@code requested} was asked for while {@code loaded} serves. */
    public ModelNotFoundException(String requested, String loaded) {
        super("model '" + requested + "' is not loaded; this service serves '" + loaded
                + "' (leave model empty for the loaded one)");
    }
}
