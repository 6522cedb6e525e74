package dev.warden.inference.hidden;

import dev.warden.inference.prompt.PromptInput;
import java.util.List;
import java.util.Objects;

/**
 * A HiddenStates request in domain terms.
 *
 * @param model    the requested model name; empty for the loaded one
 * @param inputs   the inputs, at least one
 * @param layers   layer indices in [0, num_layers], no duplicates; empty for all, ascending
 * @param poolings no duplicates; empty for last token then mean
 */
public record HiddenStatesCommand(String model, List<PromptInput> inputs, List<Integer> layers,
        List<Pooling> poolings) {

    /** Copies the lists. */
    public HiddenStatesCommand {
        Objects.requireNonNull(model, "model");
        inputs = List.copyOf(inputs);
        layers = List.copyOf(layers);
        poolings = List.copyOf(poolings);
    }
}
