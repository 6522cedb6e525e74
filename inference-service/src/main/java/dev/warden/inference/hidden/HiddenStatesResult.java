package dev.warden.inference.hidden;

import java.util.List;

/**
 * Pooled activations of a batch of inputs.
 *
 * @param model       the model that computed them
 * @param hiddenSize  width of each vector
 * @param tokenCounts tokens of each rendered input, in request order
 * @param activations one per (layer, pooling): layers in request order, then poolings in request order
 */
public record HiddenStatesResult(String model, int hiddenSize, List<Integer> tokenCounts,
        List<PooledActivations> activations) {

    /** Copies the lists. */
    public HiddenStatesResult {
        tokenCounts = List.copyOf(tokenCounts);
        activations = List.copyOf(activations);
    }
}
