package dev.warden.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Next-token cross-entropy averaged over the response tokens only: column {@code t}'s logits predict the
 * token in column {@code t+1}, and only predictions of tokens whose loss-mask entry is 1 count. Prompt
 * tokens and padding contribute neither to the loss nor to its gradient.
 *
 * <p>Legend: B batch, T columns, V vocabulary.
 */
public final class MaskedCrossEntropy {

    private MaskedCrossEntropy() {
    }

    /**
     * The mean negative log-likelihood of the masked target tokens.
     *
     * @param logits   [B, T, V] (from {@code ForwardOptions.allLogits()})
     * @param tokens   [B, T] int64, the input tokens (targets are the same tokens shifted left by one)
     * @param lossMask [B, T] f32, 1 for tokens that are targets
     * @return a scalar
     */
    public static NDArray loss(NDArray logits, NDArray tokens, NDArray lossMask) {
        NDArray predicting = logits.get(new NDIndex(":, :-1, :")); // [B, T-1, V]
        NDArray targets = tokens.get(new NDIndex(":, 1:")).expandDims(-1); // [B, T-1, 1]
        NDArray mask = lossMask.get(new NDIndex(":, 1:")); // [B, T-1]
        NDArray logProbs = predicting.logSoftmax(-1) // [B, T-1, V]
                .gather(targets, -1) // [B, T-1, 1]
                .squeeze(-1); // [B, T-1]
        NDArray count = mask.sum().maximum(1f); // no targets -> loss 0, not NaN
        return logProbs.mul(mask).sum().neg().div(count);
    }
}
