package dev.warden.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import java.util.Map;

/**
 * Trains a {@link LlamaModel} on batches of examples with the masked cross-entropy: forward under a
 * gradient collector, backward, clipping by global norm, an AdamW update, gradients zeroed. Each call
 * runs in its own {@code NDScope}, so native memory stays flat over any number of steps.
 *
 * <p>Legend: B batch, T columns, V vocabulary.
 */
public final class Trainer {

    private final LlamaModel model;
    private final AdamW optimizer;
    private final float maxGradientNorm;
    private final Map<String, NDArray> parameters;

    /**
     * Prepares {@code model} for training: every weight requires gradients from now on.
     *
     * @param optimizer       updates the model's weights (built over {@code model.weights().byName()})
     * @param maxGradientNorm clip gradients to this global norm ({@code Float.POSITIVE_INFINITY}: no clipping)
     */
    public Trainer(LlamaModel model, AdamW optimizer, float maxGradientNorm) {
        this.model = model;
        this.optimizer = optimizer;
        this.maxGradientNorm = maxGradientNorm;
        this.parameters = optimizer.parameters();
        model.weights().setRequiresGradient(true);
    }

    /** One optimizer step on {@code batch}; gradients are zero again afterwards. */
    public StepResult step(Batch batch) {
        try (NDScope scope = new NDScope(); NDManager m = model.newManager()) {
            scope.suppressNotUsedWarning();
            float loss = backward(batch.upload(m));
            if (!Float.isFinite(loss)) {
                throw new TrainingException("loss is " + loss + " at step " + (optimizer.stepCount() + 1));
            }
            Map<String, NDArray> gradients = Gradients.of(parameters);
            float norm = Gradients.clipByGlobalNorm(gradients, maxGradientNorm);
            if (!Float.isFinite(norm)) {
                throw new TrainingException("gradient norm is " + norm + " at step " + (optimizer.stepCount() + 1)
                        + "; largest gradient entries by tensor: " + largestEntries(gradients));
            }
            float lr = optimizer.step(gradients);
            gradients.values().forEach(g -> g.subi(g));
            return new StepResult(loss, norm, lr);
        }
    }

    /**
     * Forward and backward on {@code batch} without an update: the gradients ADD to whatever the
     * parameters hold (read them with {@link Gradients#of}, reset them with {@link #zeroGradients()}).
     *
     * @return the batch loss
     */
    public float accumulateGradients(Batch batch) {
        try (NDScope scope = new NDScope(); NDManager m = model.newManager()) {
            scope.suppressNotUsedWarning();
            return backward(batch.upload(m));
        }
    }

    /** The batch loss, without gradients. */
    public float loss(Batch batch) {
        try (NDScope scope = new NDScope(); NDManager m = model.newManager()) {
            scope.suppressNotUsedWarning();
            BatchArrays a = batch.upload(m);
            try (ForwardOutput out = model.forward(a.tokens(), a.positions(), a.validity(), null,
                    ForwardOptions.allLogits())) {
                return MaskedCrossEntropy.loss(out.logits(), a.tokens(), a.lossMask()).getFloat();
            }
        }
    }

    /** Sets every parameter's gradient to zero. */
    public void zeroGradients() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Gradients.zero(parameters);
        }
    }

    /** The parameters being trained, by name. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** The optimizer. */
    public AdamW optimizer() {
        return optimizer;
    }

    private static String largestEntries(Map<String, NDArray> gradients) {
        StringBuilder b = new StringBuilder();
        gradients.forEach((name, g) -> b.append(name).append('=').append(g.abs().max().getFloat()).append(' '));
        return b.toString().trim();
    }

    private float backward(BatchArrays a) {
        return Gradients.accumulate(() -> {
            try (ForwardOutput out = model.forward(a.tokens(), a.positions(), a.validity(), null,
                    ForwardOptions.allLogits())) {
                return MaskedCrossEntropy.loss(out.logits(), a.tokens(), a.lossMask()); // []
            }
        });
    }
}
