package dev.warden.recovery.method;

import ai.djl.ndarray.NDArray;

/**
 * A tensor the method may change: a q/k/v/o or gate/up/down projection (weight or bias) of a decoder layer
 * below the cut. Norm weights are never candidates.
 *
 * @param index     position in the candidate list (the order of every selection)
 * @param name      checkpoint tensor name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param layer     decoder layer index
 * @param module    the module, e.g. {@code self_attn.q_proj} (weight and bias share it)
 * @param parameter the working model's tensor (W), which requires gradients
 */
public record Candidate(int index, String name, int layer, String module, NDArray parameter) {

    /** Number of entries. */
    public long size() {
        return parameter.getShape().size();
    }

    /** The module of a layer tensor name: {@code model.layers.3.mlp.up_proj.weight} -> {@code mlp.up_proj}. */
    public static String moduleOf(String name) {
        String rest = name.substring(name.indexOf('.', "model.layers.".length()) + 1);
        int last = rest.lastIndexOf('.');
        return last < 0 ? rest : rest.substring(0, last);
    }
}
