package dev.warden.inference.generate;

import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.generate.GenerationRequest;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One sequence for the engine: prepared (templated, tokenized, validated) and bound to the model whose
 * lease the request holds, which may differ from the model of other jobs during a swap.
 *
 * @param modelName     the name clients use for {@code model}
 * @param model         the model to generate with; valid while the request holds its lease
 * @param request       prompt ids and sampling parameters (stop ids include the model's end-of-sequence ids)
 * @param arrivalNanos  {@link System#nanoTime()} when the request arrived
 * @param deadlineNanos {@link System#nanoTime()} by which the call must end, if it has a deadline
 */
public record GenerationJob(String modelName, LoadedModel model, GenerationRequest request, long arrivalNanos,
        OptionalLong deadlineNanos) {

    /** Requires every part. */
    public GenerationJob {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(deadlineNanos, "deadlineNanos");
    }

    /** Whether the deadline has passed at {@code nowNanos}. */
    public boolean deadlinePassed(long nowNanos) {
        return deadlineNanos.isPresent() && nowNanos - deadlineNanos.getAsLong() >= 0;
    }
}
