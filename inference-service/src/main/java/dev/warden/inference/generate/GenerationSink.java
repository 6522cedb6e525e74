package dev.warden.inference.generate;

/**
 * Where a generation's events go (the gRPC stream): deltas, then exactly one of finish or error. Called
 * from worker threads, one event at a time per generation.
 */
public interface GenerationSink {

    /** Newly decoded tokens. */
    void onDelta(GeneratedDelta delta);

    /** The generation ended; nothing follows. */
    void onFinish(GenerationSummary summary);

    /** The generation failed; nothing follows. */
    void onError(Throwable failure);
}
