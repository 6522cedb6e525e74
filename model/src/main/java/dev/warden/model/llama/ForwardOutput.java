package dev.warden.model.llama;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What a forward pass returns. The arrays belong to the caller, who closes them (directly with
 * {@link #close()} or through an enclosing {@code NDScope}).
 *
 * <p>Legend: B batch, T tokens of this pass, D hidden size, V vocabulary.
 *
 * @param logits [B, T, V] for {@code Logits.ALL}, [B, 1, V] for {@code Logits.LAST}, null for NONE
 * @param hiddenStates empty unless requested; otherwise element 0 is the embedding output and element
 *                     {@code i} the output of decoder layer {@code i-1}, each [B, T, D] and taken before
 *                     any final norm (so element {@code L*} is the residual stream after {@code L*} layers)
 */
public record ForwardOutput(NDArray logits, List<NDArray> hiddenStates) implements AutoCloseable {

    @Override
    public void close() {
        if (logits != null) {
            logits.close();
        }
        hiddenStates.forEach(NDArray::close);
    }
}
