package dev.warden.model.generate;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How one sequence is decoded. Temperature scales the logits first, then top-k keeps the k most likely
 * tokens, then top-p keeps the smallest most-likely set whose probability reaches p, and a token is drawn
 * from what is left with a random generator seeded by {@link #seed()} (one per sequence, so a seed gives
 * the same text whatever else is in the batch).
 *
 * @param maxNewTokens  most tokens to generate (> 0); the model's context may stop a sequence earlier
 * @param temperature   >= 0; 0 means greedy (argmax, lowest token id wins a tie)
 * @param topK          >= 0; 0 turns top-k off; 1 is greedy whatever the temperature
 * @param topP          in (0, 1]; 1 turns nucleus sampling off
 * @param seed          seed of this sequence's random generator (unused when greedy)
 * @param stopTokenIds  token ids that end the sequence (e.g. the model's eos ids); the stop token is not
 *                      part of the result's tokens or text
 * @param stopStrings   strings that end the sequence; the text is cut before the first one to appear
 * @param logprobs      whether to report the log-probability of every chosen token
 * @param topLogprobs   how many most likely alternatives to report with each chosen token, 0 to
 *                      {@value #MAX_TOP_LOGPROBS}; needs {@code logprobs}
 */
public record SamplingParams(int maxNewTokens, double temperature, int topK, double topP, long seed,
        Set<Long> stopTokenIds, List<String> stopStrings, boolean logprobs, int topLogprobs) {

    /** Most alternatives {@link #topLogprobs()} may ask for (as in the OpenAI API). */
    public static final int MAX_TOP_LOGPROBS = 20;

    /** Validates every parameter and copies the collections. */
    public SamplingParams {
        if (maxNewTokens <= 0) {
            throw new InvalidSamplingException("max_tokens", "must be > 0, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new InvalidSamplingException("temperature", "must be finite and >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new InvalidSamplingException("top_k", "must be >= 0 (0 = off), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new InvalidSamplingException("top_p", "must be in (0, 1], got " + topP);
        }
        if (stopTokenIds == null) {
            throw new InvalidSamplingException("stop_token_ids", "must not be null");
        }
        for (Long id : stopTokenIds) {
            if (id == null || id < 0) {
                throw new InvalidSamplingException("stop_token_ids", "must be non-negative token ids, got " + id);
            }
        }
        if (stopStrings == null) {
            throw new InvalidSamplingException("stop", "must not be null");
        }
        for (String stop : stopStrings) {
            if (stop == null || stop.isEmpty()) {
                throw new InvalidSamplingException("stop", "stop strings must be non-empty");
            }
        }
        if (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS) {
            throw new InvalidSamplingException("top_logprobs",
                    "must be in [0, " + MAX_TOP_LOGPROBS + "], got " + topLogprobs);
        }
        if (topLogprobs > 0 && !logprobs) {
            throw new InvalidSamplingException("top_logprobs", "needs logprobs to be enabled");
        }
        stopTokenIds = Set.copyOf(stopTokenIds);
        stopStrings = List.copyOf(stopStrings);
    }

    /** Greedy decoding of at most {@code maxNewTokens} tokens, no stops. */
    public static SamplingParams greedy(int maxNewTokens) {
        return builder().maxNewTokens(maxNewTokens).build();
    }

    /** Sampling at {@code temperature} from a generator seeded with {@code seed}, no top-k or top-p. */
    public static SamplingParams sampled(int maxNewTokens, double temperature, long seed) {
        return builder().maxNewTokens(maxNewTokens).temperature(temperature).seed(seed).build();
    }

    /** A builder starting from greedy decoding of 16 tokens, seed 0, no stops, no log-probs. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these parameters. */
    public Builder toBuilder() {
        return new Builder().maxNewTokens(maxNewTokens).temperature(temperature).topK(topK).topP(topP)
                .seed(seed).stopTokenIds(stopTokenIds).stopStrings(stopStrings)
                .logprobs(logprobs).topLogprobs(topLogprobs);
    }

    /** These parameters with {@code ids} as stop token ids. */
    public SamplingParams withStopTokenIds(Collection<Long> ids) {
        return toBuilder().stopTokenIds(ids).build();
    }

    /** These parameters with {@code stops} as stop strings. */
    public SamplingParams withStopStrings(String... stops) {
        return toBuilder().stopStrings(Arrays.asList(stops)).build();
    }

    /** True when decoding is deterministic argmax: temperature 0 or top-k 1. */
    public boolean isGreedy() {
        return temperature == 0 || topK == 1;
    }

    /** Builds {@link SamplingParams}; {@link #build()} validates. */
    public static final class Builder {
        private int maxNewTokens = 16;
        private double temperature;
        private int topK;
        private double topP = 1.0;
        private long seed;
        private Set<Long> stopTokenIds = Set.of();
        private List<String> stopStrings = List.of();
        private boolean logprobs;
        private int topLogprobs;

        private Builder() {
        }

        /** See {@link SamplingParams#maxNewTokens()}. */
        public Builder maxNewTokens(int value) {
            maxNewTokens = value;
            return this;
        }

        /** See {@link SamplingParams#temperature()}. */
        public Builder temperature(double value) {
            temperature = value;
            return this;
        }

        /** See {@link SamplingParams#topK()}. */
        public Builder topK(int value) {
            topK = value;
            return this;
        }

        /** See {@link SamplingParams#topP()}. */
        public Builder topP(double value) {
            topP = value;
            return this;
        }

        /** See {@link SamplingParams#seed()}. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** See {@link SamplingParams#stopTokenIds()}; null elements are rejected by {@link #build()}. */
        public Builder stopTokenIds(Collection<Long> ids) {
            stopTokenIds = ids == null ? null : new LinkedHashSet<>(ids);
            return this;
        }

        /** See {@link SamplingParams#stopStrings()}. */
        public Builder stopStrings(List<String> stops) {
            stopStrings = stops == null ? null : Arrays.asList(stops.toArray(new String[0]));
            return this;
        }

        /** See {@link SamplingParams#logprobs()}. */
        public Builder logprobs(boolean value) {
            logprobs = value;
            return this;
        }

        /** See {@link SamplingParams#topLogprobs()}. */
        public Builder topLogprobs(int value) {
            topLogprobs = value;
            return this;
        }

        /** Validated parameters. */
        public SamplingParams build() {
            return new SamplingParams(maxNewTokens, temperature, topK, topP, seed, stopTokenIds, stopStrings,
                    logprobs, topLogprobs);
        }
    }
}
