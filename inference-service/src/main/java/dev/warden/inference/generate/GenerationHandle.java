package dev.warden.inference.generate;

import dev.warden.model.generate.GenerationResult;
import java.util.concurrent.CompletionStage;

/** A submitted job. */
public interface GenerationHandle {

    /**
     * Stops the job as soon as possible and frees its slot: a queued job leaves the queue at once, a running
     * one stops at its next token. Harmless after the end.
     */
    void cancel();

    /**
     * Completes with the job's result once it ended (a job cancelled by its caller ends with finish reason
     * CANCELLED), or exceptionally when it failed.
     */
    CompletionStage<GenerationResult> completion();
}
