package dev.warden.model.train;

/**
 * What one optimizer step measured.
 *
 * @param loss         the masked cross-entropy of the batch before the update
 * @param gradientNorm the global gradient norm before clipping
 * @param learningRate the learning rate the update used
 */
public record StepResult(float loss, float gradientNorm, float learningRate) {
}
