package dev.warden.model.generate;

/**
 * Receives generation token by token, on the generating thread. For every sequence, the text deltas of
 * {@link #onToken} and {@link #onFinish} concatenate to the result's text; a delta can be empty when text
 * is held back (an incomplete character, or the possible start of a stop string).
 */
@FunctionalInterface
public interface TokenListener {

    /** A listener that ignores everything and never cancels. */
    TokenListener NONE = (sequence, tokenId, textDelta, logprobs) -> true;

    /**
     * A token was generated for sequence {@code sequence} (its index in the request list). Not called for
     * a stop token id.
     *
     * @param logprobs null unless {@link SamplingParams#logprobs()} is on
     * @return false to cancel this sequence (finish reason {@link FinishReason#CANCELLED}), true to go on
     */
    boolean onToken(int sequence, long tokenId, String textDelta, Logprobs logprobs);

    /**
     * Sequence {@code sequence} sampled {@code tokenId}, one of its stop token ids, which ends it with
     * {@link FinishReason#STOP}; {@link #onFinish} follows. The stop token is not passed to {@link #onToken}.
     */
    default void onStopToken(int sequence, long tokenId) {
    }

    /**
     * Sequence {@code sequence} is finished, possibly before the others of its batch.
     *
     * @param textDelta the text held back until now, possibly empty
     */
    default void onFinish(int sequence, String textDelta, GenerationResult result) {
    }
}
