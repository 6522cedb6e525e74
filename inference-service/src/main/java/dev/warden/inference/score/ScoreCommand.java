package dev.warden.inference.score;

import dev.warden.inference.prompt.PromptInput;
import java.util.Objects;
import java.util.Optional;

/**
 * A Score request in domain terms.
 *
 * @param model       the requested model name; empty for the loaded one
 * @param text        the text whose tokens are scored
 * @param context     conditioning input whose tokens are not scored, if any
 * @param topLogprobs alternatives to report per scored token, in [0, 20]
 */
public record ScoreCommand(String model, String text, Optional<PromptInput> context, int topLogprobs) {

    /** Requires every part. */
    public ScoreCommand {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(context, "context");
    }
}
