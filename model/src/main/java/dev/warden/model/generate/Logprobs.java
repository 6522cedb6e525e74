package dev.warden.model.generate;

import java.util.List;

/**
 * Log-probabilities reported with a chosen token. They come from the model's raw distribution
 * (log-softmax of the logits), before temperature, top-k and top-p, so they measure the model, not the
 * sampling settings.
 *
 * @param logprob      log-probability of the chosen token
 * @param alternatives the most likely tokens, most likely first ({@link SamplingParams#topLogprobs()} of them)
 */
public record Logprobs(double logprob, List<TokenLogprob> alternatives) {

    /** Copies the alternatives. */
    public Logprobs {
        alternatives = List.copyOf(alternatives);
    }
}
