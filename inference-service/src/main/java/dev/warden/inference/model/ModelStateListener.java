package dev.warden.inference.model;

/** Told when the service starts or stops having a model to serve (health, metrics). */
public interface ModelStateListener {

    /** {@code model} now serves new requests. */
    void onServing(ModelDescription model);

    /** No model serves any more (the service is stopping). */
    default void onUnavailable(String reason) {
    }
}
