package dev.warden.model.generate;

/**
 * One token chosen by a {@link Sampler}.
 *
 * @param tokenId  the chosen token
 * @param logprobs its log-probabilities, or null when {@link SamplingParams#logprobs()} is off
 */
public record Sample(long tokenId, Logprobs logprobs) {
}
