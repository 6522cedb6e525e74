package dev.warden.inference.generate;

import dev.warden.inference.prompt.PromptInput;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A Generate request in domain terms.
 *
 * @param model         the requested model name; empty for the loaded one
 * @param prompt        the input
 * @param sampling      sampling settings as requested
 * @param requestId     the caller's id, echoed; may be empty
 * @param arrivalNanos  {@link System#nanoTime()} when the call arrived
 * @param deadlineNanos {@link System#nanoTime()} by which the call must end, if it has a deadline
 */
public record GenerateCommand(String model, PromptInput prompt, SamplingRequest sampling, String requestId,
        long arrivalNanos, OptionalLong deadlineNanos) {

    /** Requires every part. */
    public GenerateCommand {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(deadlineNanos, "deadlineNanos");
    }
}
