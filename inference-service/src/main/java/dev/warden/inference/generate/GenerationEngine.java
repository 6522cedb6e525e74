package dev.warden.inference.generate;

/**
 * Runs generation jobs: the one seam between the service and how decoding is scheduled. Today
 * {@link PooledGenerationEngine} runs each job on its own worker thread; a continuous-batching scheduler
 * (many jobs sharing each decode step) replaces it by implementing this interface, nothing else changes.
 */
public interface GenerationEngine extends AutoCloseable {

    /**
     * Queues {@code job}; {@code listener} hears about it on the engine's thread.
     *
     * @throws dev.warden.inference.error.QueueFullException when the engine's queue is full
     * @throws dev.warden.inference.error.ModelUnavailableException when the engine is stopping
     */
    GenerationHandle submit(GenerationJob job, GenerationListener listener);

    /**
     * Stops: queued jobs fail with UNAVAILABLE, running ones end at their next token with finish reason
     * CANCELLED (the server ended them early).
     */
    @Override
    void close();
}
