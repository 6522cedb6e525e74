package dev.warden.model.generate;

/** Why a sequence stopped. */
public enum FinishReason {
    /** A stop token id was sampled or a stop string appeared. */
    STOP,
    /** The sequence reached its max new tokens or filled the model's context. */
    LENGTH,
    /** The caller's {@link TokenListener} asked to stop. */
    CANCELLED
}
