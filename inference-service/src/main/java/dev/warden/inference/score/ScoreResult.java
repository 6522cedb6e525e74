package dev.warden.inference.score;

import java.util.List;

/**
 * The scores of a text.
 *
 * @param model         the model that scored it
 * @param tokens        one per scored token of the text, in order
 * @param totalLogprob  the sum of their log-probabilities
 * @param perplexity    exp(-totalLogprob / number of scored tokens)
 * @param contextTokens tokens (BOS included) that conditioned the score
 */
public record ScoreResult(String model, List<TokenScore> tokens, double totalLogprob, double perplexity,
        int contextTokens) {

    /** Copies the list. */
    public ScoreResult {
        tokens = List.copyOf(tokens);
    }
}
