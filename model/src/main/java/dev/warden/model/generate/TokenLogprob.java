package dev.warden.model.generate;

/** A token and its log-probability under the model. */
public record TokenLogprob(long tokenId, double logprob) {
}
