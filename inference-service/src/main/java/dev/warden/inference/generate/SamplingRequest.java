package dev.warden.inference.generate;

import dev.warden.inference.error.InvalidArgumentException;
import dev.warden.model.generate.InvalidSamplingException;
import dev.warden.model.generate.SamplingParams;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sampling settings as a Generate request gives them, unset values still unset. {@link #toParams} applies
 * the documented defaults and the service's limit, and validates, naming the rejected field as the proto
 * spells it ({@code sampling.top_p}).
 *
 * @param maxNewTokens unset: the service's limit (the context may stop generation earlier)
 * @param temperature  unset: 1.0
 * @param topK         0 = off
 * @param topP         unset: 1.0
 * @param seed         unset: a random seed
 * @param stop         at most {@value #MAX_STOP_STRINGS}, each non-empty
 * @param stopTokenIds in addition to the model's end-of-sequence ids
 * @param logprobs     whether each token carries its log-probability
 * @param topLogprobs  alternatives per token, in [0, 20], needs logprobs
 * @param ignoreEos    whether the model's end-of-sequence ids are left out of the stop ids
 */
public record SamplingRequest(OptionalInt maxNewTokens, OptionalDouble temperature, int topK, OptionalDouble topP,
        OptionalLong seed, List<String> stop, List<Long> stopTokenIds, boolean logprobs, int topLogprobs,
        boolean ignoreEos) {

    /** Most stop strings a request may give. */
    public static final int MAX_STOP_STRINGS = 8;

    /** The proto field of each parameter the model library names differently. */
    private static final Map<String, String> PROTO_NAMES = Map.of("max_tokens", "max_new_tokens");

    /** Copies the lists. */
    public SamplingRequest {
        stop = List.copyOf(stop);
        stopTokenIds = List.copyOf(stopTokenIds);
    }

    /** Every field unset: sampling at temperature 1.0 up to the service's limit. */
    public static SamplingRequest defaults() {
        return new SamplingRequest(OptionalInt.empty(), OptionalDouble.empty(), 0, OptionalDouble.empty(),
                OptionalLong.empty(), List.of(), List.of(), false, 0, false);
    }

    /**
     * Validated parameters with the defaults filled in.
     *
     * @param maxNewTokensLimit the service's limit on {@code max_new_tokens}
     * @throws InvalidArgumentException naming the first invalid field
     */
    public SamplingParams toParams(int maxNewTokensLimit) {
        int maxNew = maxNewTokens.orElse(maxNewTokensLimit);
        if (maxNewTokens.isPresent() && maxNew <= 0) {
            throw new InvalidArgumentException("sampling.max_new_tokens", "must be > 0, got " + maxNew);
        }
        if (maxNew > maxNewTokensLimit) {
            throw new InvalidArgumentException("sampling.max_new_tokens", "must be <= " + maxNewTokensLimit
                    + " (this service's limit), got " + maxNew);
        }
        if (stop.size() > MAX_STOP_STRINGS) {
            throw new InvalidArgumentException("sampling.stop", "at most " + MAX_STOP_STRINGS
                    + " stop strings, got " + stop.size());
        }
        try {
            return SamplingParams.builder()
                    .maxNewTokens(maxNew)
                    .temperature(temperature.orElse(1.0))
                    .topK(topK)
                    .topP(topP.orElse(1.0))
                    .seed(seed.orElseGet(() -> ThreadLocalRandom.current().nextLong()))
                    .stopStrings(stop)
                    .stopTokenIds(stopTokenIds)
                    .logprobs(logprobs)
                    .topLogprobs(topLogprobs)
                    .build();
        } catch (InvalidSamplingException e) {
            String field = PROTO_NAMES.getOrDefault(e.parameter(), e.parameter());
            String prefix = e.parameter() + ": "; // the library's own "name: " in front of the reason
            String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length())
                    : e.getMessage();
            throw new InvalidArgumentException("sampling." + field, message, e);
        }
    }
}
