package dev.warden.inference.generate;

import dev.warden.inference.score.TokenScore;
import java.util.List;

/**
 * Tokens decoded since the previous delta.
 *
 * @param text     the text they add (may be empty while text is held back)
 * @param tokenIds the generated token ids (empty for the held-back text released at the end)
 * @param logprobs one per token id when log-probs were asked for, else empty
 */
public record GeneratedDelta(String text, List<Long> tokenIds, List<TokenScore> logprobs) {

    /** Copies the lists. */
    public GeneratedDelta {
        tokenIds = List.copyOf(tokenIds);
        logprobs = List.copyOf(logprobs);
    }
}
