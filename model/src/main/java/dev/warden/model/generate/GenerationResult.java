package dev.warden.model.generate;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one sequence produced.
 *
 * @param tokenIds         the generated tokens; a stop token id that ended the sequence is not among them,
 *                         the tokens that spelt a stop string are
 * @param text             the generated text, cut before a stop string; equal to the concatenation of every
 *                         text delta the {@link TokenListener} received for this sequence
 * @param finishReason     why the sequence stopped
 * @param promptTokens     tokens in the prompt
 * @param completionTokens tokens sampled, counting a stop token that ended the sequence
 * @param logprobs         per token of {@code tokenIds}, when {@link SamplingParams#logprobs()} was on; else empty
 */
public record GenerationResult(long[] tokenIds, String text, FinishReason finishReason, int promptTokens,
        int completionTokens, List<Logprobs> logprobs) {

    /** Copies the token ids and log-probs. */
    public GenerationResult {
        tokenIds = Objects.requireNonNull(tokenIds, "tokenIds").clone();
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        logprobs = List.copyOf(logprobs);
    }

    /** A copy of the generated token ids. */
    @Override
    public long[] tokenIds() {
        return tokenIds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerationResult r && Arrays.equals(tokenIds, r.tokenIds) && text.equals(r.text)
                && finishReason == r.finishReason && promptTokens == r.promptTokens
                && completionTokens == r.completionTokens && logprobs.equals(r.logprobs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokenIds), text, finishReason, promptTokens, completionTokens, logprobs);
    }

    @Override
    public String toString() {
        return "GenerationResult[tokenIds=" + Arrays.toString(tokenIds) + ", text=" + text + ", finishReason="
                + finishReason + ", promptTokens=" + promptTokens + ", completionTokens=" + completionTokens + "]";
    }
}
