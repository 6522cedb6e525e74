package dev.warden.model.llama;

import ai.djl.ndarray.NDArray;

/**
 * The tensors of one decoder layer, in Hugging Face layout ({@code [out, in]} for projections).
 *
 * <p>Legend: D hidden size, H query heads, G key/value heads, E head dim, F intermediate size.
 *
 * @param qProj   [H*E, D]
 * @param kProj   [G*E, D]
 * @param vProj   [G*E, D]
 * @param oProj   [D, H*E]
 * @param qBias   [H*E] or null when the architecture has no q/k/v bias
 * @param kBias   [G*E] or null
 * @param vBias   [G*E] or null
 * @param oBias   [D] or null (Llama with {@code attention_bias})
 * @param gateProj [F, D]
 * @param upProj  [F, D]
 * @param downProj [D, F]
 * @param gateBias [F] or null (Llama with {@code mlp_bias})
 * @param upBias  [F] or null
 * @param downBias [D] or null
 * @param inputNorm [D], RMSNorm before attention
 * @param postAttentionNorm [D], RMSNorm before the MLP
 * @param fused   the projections input-major, q/k/v and gate/up fused, of which the tensors above are views
 */
public record LayerWeights(
        NDArray qProj, NDArray kProj, NDArray vProj, NDArray oProj,
        NDArray qBias, NDArray kBias, NDArray vBias, NDArray oBias,
        NDArray gateProj, NDArray upProj, NDArray downProj,
        NDArray gateBias, NDArray upBias, NDArray downBias,
        NDArray inputNorm, NDArray postAttentionNorm, FusedProjections fused) {

    /**
     * Whether any tensor that is a view of {@link #fused} requires gradients: the forward pass then projects with
     * the named tensors, so that gradients reach them.
     */
    public boolean projectionsRequireGradient() {
        for (NDArray a : new NDArray[] {qProj, kProj, vProj, oProj, qBias, kBias, vBias, gateProj, upProj, downProj,
            gateBias, upBias}) {
            if (a != null && a.hasGradient()) {
                return true;
            }
        }
        return false;
    }
}
