package dev.warden.inference.generate;

/**
 * Runs generation jobs: the one seam between the service and how decoding is scheduled.
 * {@link BatchingGenerationEngine} decodes the jobs of a model together (continuous batching).
 */
public interface GenerationEngine extends AutoCloseable {

    /**
     * Queues {@code job}; {@code listener} hears about it on the engine's thread.
     *
     * @throws dev.warden.service.work.QueueFullException when the engine's queue is full
     * @throws dev.warden.inference.error.ModelUnavailableException when the engine is stopping
     */
    GenerationHandle submit(GenerationJob job, GenerationListener listener);

    /**
     * {@code model} is about to be freed (no request holds it any more): drop whatever the engine keeps
     * for it. Called by the model's last holder, never while a job of it runs.
     */
    default void retire(dev.warden.model.checkpoint.LoadedModel model) {
    }

    /**
     * Stops: queued jobs fail with UNAVAILABLE, running ones end at their next step with finish reason
     * CANCELLED (the server ended them early).
     */
    @Override
    void close();
}
