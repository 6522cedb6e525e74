package dev.warden.model.llama;

import ai.djl.ndarray.NDArray;

/**
 * The projections of one decoder layer in the layout inference multiplies by: input-major ({@code [in, out]},
 * contiguous), with the projections that read the same input fused into one tensor, so that a decode step runs
 * {@code x [1, in] x W [in, out]}, one pass over each weight in memory order, where the checkpoint layout
 * ({@code [out, in]}) makes PyTorch read rows at a time and decode about 1.6x slower from memory (BENCHMARKS.md,
 * issue 13 item 6). The tensors of {@link LayerWeights} ({@code qProj}, {@code kProj}, ... and
 * {@link LlamaWeights#byName()}) are transposed views of these: same names, shapes and values as the checkpoint,
 * and an in-place write through a named tensor (as training and repair do) is a write here. A call that gives a
 * named tensor new storage ({@code NDArray.set(Buffer)} does) detaches it from these; the forward pass then uses
 * the named tensors only while they require gradients.
 *
 * <p>Legend: D hidden size, H query heads, G key/value heads, E head dim, F intermediate size.
 *
 * @param qkv        [D, (H+2G)*E]: columns of q_proj, then k_proj, then v_proj
 * @param qkvBias    [(H+2G)*E] or null when the architecture has no q/k/v bias
 * @param o          [H*E, D]: o_proj transposed
 * @param gateUp     [D, 2F]: columns of gate_proj, then up_proj
 * @param gateUpBias [2F] or null
 * @param down       [F, D]: down_proj transposed
 */
public record FusedProjections(NDArray qkv, NDArray qkvBias, NDArray o, NDArray gateUp, NDArray gateUpBias,
                               NDArray down) {
}
