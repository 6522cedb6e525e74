package dev.warden.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.llama.WeightNames;

/** Copies of model weights, whole or mixed layer by layer (for fine-tuning a copy and swap diagnostics). */
public final class WeightCopies {

    private WeightCopies() {
    }

    /** A deep copy of {@code source} in {@code manager}, not requiring gradients. */
    public static LlamaWeights copy(LlamaWeights source, NDManager manager) {
        return mixLayers(source, source, 0, 0, manager);
    }

    /**
     * A deep copy of {@code base} whose decoder layers {@code from .. to-1} (all their tensors, norms
     * included) come from {@code donor} instead. Embeddings, the final norm, the LM head and the other
     * layers come from {@code base}.
     *
     * @throws IllegalArgumentException when the two configurations differ
     */
    public static LlamaWeights mixLayers(LlamaWeights base, LlamaWeights donor, int from, int to,
                                         NDManager manager) {
        if (!base.config().equals(donor.config())) {
            throw new IllegalArgumentException("cannot mix layers of different configurations: " + base.config()
                    + " vs " + donor.config());
        }
        return LlamaWeights.load(base.config(), (name, shape, dtype, m) -> {
            int layer = WeightNames.layerOf(name);
            LlamaWeights source = layer >= from && layer < to ? donor : base;
            NDArray original = source.byName().get(name);
            if (original == null) {
                return null;
            }
            NDArray detached = original.stopGradient(); // shares storage, no autograd history
            NDArray copy = detached.duplicate(); // new storage (toType(same type, true) would alias it)
            detached.close();
            if (copy.getDataType() != dtype) {
                NDArray converted = copy.toType(dtype, false);
                copy.close();
                copy = converted;
            }
            NDScope.unregister(copy); // owned by the new weights' manager, not by any enclosing scope
            copy.attach(m);
            return copy;
        }, base.embed().getDataType(), manager);
    }
}
