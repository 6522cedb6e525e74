package dev.warden.model.llama;

import ai.djl.ndarray.NDArray;

/**
 * The projections of one decoder layer that read the same input, stored as one tensor each so that inference
 * runs one matrix product where the checkpoint layout needs three (q, k, v) or two (gate, up). The tensors of
 * {@link LayerWeights} ({@code qProj}, {@code kProj}, ... and {@link LlamaWeights#byName()}) are row views of
 * these: an in-place write through a named tensor (as training and repair do) is a write here. A call that
 * gives a named tensor new storage ({@code NDArray.set(Buffer)} does) detaches it from these; the forward pass
 * then uses the named tensors only while they require gradients.
 *
 * <p>Legend: D hidden size, H query heads, G key/value heads, E head dim, F intermediate size.
 *
 * @param qkv        [(H+2G)*E, D]: rows of q_proj, then k_proj, then v_proj
 * @param qkvBias    [(H+2G)*E] or null when the architecture has no q/k/v bias
 * @param gateUp     [2F, D]: rows of gate_proj, then up_proj
 * @param gateUpBias [2F] or null
 */
public record FusedProjections(NDArray qkv, NDArray qkvBias, NDArray gateUp, NDArray gateUpBias) {
}
