package dev.warden.inference.generate;

import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Logprobs;

/**
 * What the engine reports about one job, on the engine's thread, in this order: {@link #onStart} once,
 * {@link #onToken} per generated token, possibly {@link #onStopToken}, then {@link #onFinish} once.
 * Nothing is reported for a job cancelled by its caller after the cancellation took effect.
 */
public interface GenerationListener {

    /** The first decode step including the job begins, at {@link System#nanoTime()} {@code nanos}. */
    void onStart(long nanos);

    /** A token was generated; {@code textDelta} may be empty (held back); {@code logprobs} null unless asked. */
    void onToken(long tokenId, String textDelta, Logprobs logprobs);

    /** One of the job's stop token ids was sampled; the job ends with STOP. */
    void onStopToken(long tokenId);

    /** The job ended; {@code textDelta} is the text held back until now, possibly empty. */
    void onFinish(String textDelta, GenerationResult result);
}
