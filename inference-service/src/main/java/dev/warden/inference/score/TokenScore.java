package dev.warden.inference.score;

import java.util.List;

/**
 * A token with its log-probability under the model, as Generate (logprobs) and Score report it.
 *
 * @param tokenId      the token id
 * @param token        the token decoded on its own
 * @param logprob      natural-log probability at its position, from the raw distribution
 * @param alternatives the most likely tokens at that position, most likely first (their own lists empty)
 */
public record TokenScore(long tokenId, String token, double logprob, List<TokenScore> alternatives) {

    /** Copies the alternatives. */
    public TokenScore {
        alternatives = List.copyOf(alternatives);
    }
}
