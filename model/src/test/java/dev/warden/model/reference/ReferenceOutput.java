package dev.warden.model.reference;

import java.util.List;

/**
 * What the reference forward pass returns for one sequence.
 *
 * <p>Legend: T tokens, V vocabulary, D hidden size, L layers.
 *
 * @param logits [T][V]
 * @param hiddenStates L+1 arrays [T][D]: element 0 the embedding output, element i the residual stream
 *                     output by decoder layer i-1; none has the final norm applied (unlike the last
 *                     element of HF's {@code output_hidden_states}, which is normed)
 */
public record ReferenceOutput(double[][] logits, List<double[][]> hiddenStates) {
}
