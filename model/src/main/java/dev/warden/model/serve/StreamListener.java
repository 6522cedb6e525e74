package dev.warden.model.serve;

import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Logprobs;

/**
 * Receives one request's tokens as they are generated, on the scheduler's worker thread: keep each call
 * short (hand the delta to an event loop or a queue), since every other request waits for it. The text
 * deltas of {@link #onToken} and {@link #onFinish} concatenate to the result's text; a delta can be empty
 * while text is held back (an incomplete character, or the possible start of a stop string).
 *
 * <p>A listener that throws cancels its own request, which then ends with
 * {@link ListenerFailedException}; the other requests are not affected.
 */
@FunctionalInterface
public interface StreamListener {

    /** A listener that ignores everything and never cancels. */
    StreamListener NONE = (tokenId, textDelta, logprobs) -> true;

    /**
     * The request left the queue: its prompt is prefilled in this step and its first token sampled. Called
     * once, before any {@link #onToken}; never for a request that ended while it waited.
     */
    default void onStart() {
    }

    /**
     * A token was generated (never called for a stop token id).
     *
     * @param logprobs null unless the request's sampling parameters ask for log-probabilities
     * @return false to cancel the request (finish reason {@code CANCELLED}), true to go on
     */
    boolean onToken(long tokenId, String textDelta, Logprobs logprobs);

    /**
     * One of the request's stop token ids was sampled (not streamed as a token); the request ends with
     * finish reason STOP.
     */
    default void onStopToken(long tokenId) {
    }

    /**
     * The request finished normally (stop, length or cancellation), just before its result stage
     * completes. Not called when the request ends with an exception (deadline, closed, listener or engine
     * failure).
     *
     * @param textDelta the text held back until now, possibly empty
     */
    default void onFinish(String textDelta, GenerationResult result) {
    }
}
