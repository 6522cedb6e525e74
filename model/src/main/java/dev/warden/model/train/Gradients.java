package dev.warden.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Per-named-parameter gradients: computing them for any scalar loss, reading, global-norm clipping,
 * zeroing. The PyTorch engine accumulates gradients across backward passes, so whoever wants a fresh
 * gradient zeroes it first.
 *
 * <p>Trap when writing a loss: never apply {@code mul(Number)} / {@code div(Number)} to a tensor that
 * needs a gradient. DJL wraps the number in a tensor over a Java direct buffer and closes it at once;
 * autograd keeps that tensor for the backward pass, and a garbage collection in between frees its memory
 * (garbage gradients, now and then). Multiply by an NDArray that stays referenced instead.
 */
public final class Gradients {

    private Gradients() {
    }

    /**
     * The gradient of every parameter, by name. The returned arrays are views of the gradient storage
     * (in-place changes reach it); the handles are registered with the current {@code NDScope}, or else
     * belong to the caller, who closes them.
     */
    public static Map<String, NDArray> of(Map<String, NDArray> parameters) {
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        parameters.forEach((name, p) -> gradients.put(name, p.getGradient()));
        return gradients;
    }

    /**
     * Computes {@code loss} under a gradient collector and backpropagates it: the gradients ADD to those the
     * parameters (tensors with {@code setRequiresGradient(true)}) already hold. Call inside an
     * {@code NDScope} so the intermediates are freed.
     *
     * @return the loss value
     */
    public static float accumulate(Supplier<NDArray> loss) {
        try (ai.djl.training.GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray value = loss.get();
            collector.backward(value);
            return value.getFloat();
        }
    }

    /** The L2 norm of all gradients taken together (one value read back). */
    public static float globalNorm(Collection<NDArray> gradients) {
        NDList squares = new NDList();
        for (NDArray g : gradients) {
            squares.add(g.square().sum());
        }
        return NDArrays.stack(squares).sum().sqrt().getFloat();
    }

    /**
     * Scales all gradients in place so that their global norm is at most {@code maxNorm}.
     *
     * @return the global norm before clipping
     */
    public static float clipByGlobalNorm(Map<String, NDArray> gradients, float maxNorm) {
        float norm = globalNorm(gradients.values());
        if (Float.isFinite(norm) && norm > maxNorm) {
            float scale = maxNorm / (norm + 1e-6f);
            gradients.values().forEach(g -> g.muli(scale));
        }
        return norm;
    }

    /** Sets the gradient of every parameter to zero, in place. */
    public static void zero(Map<String, NDArray> parameters) {
        for (NDArray p : parameters.values()) {
            try (NDArray g = p.getGradient()) {
                g.subi(g);
            }
        }
    }
}
