package dev.warden.gateway.pipeline;

import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.error.Upstream;
import dev.warden.gateway.error.UpstreamException;
import dev.warden.gateway.rails.PerplexitySignal;
import dev.warden.gateway.routing.Route;
import dev.warden.gateway.client.InferenceClient;
import dev.warden.proto.v1.InferenceScoreRequest;
import dev.warden.proto.v1.InferenceScoreResponse;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The suffix-perplexity input rail: sends the tail of the last user message to the routed model's
 * inference-service ({@code Inference/Score}) and turns its per-token log-probabilities into a
 * {@link PerplexitySignal} (the mean NLL of the last tokens against the tokens before them). Optimisation
 * suffixes (GCG and kin) are token salad the model finds very unlikely, which character statistics can miss
 * (word salad of real words, a technical head that excuses a strange tail). {@link InputRails} runs it in
 * parallel with the judge and the detector and makes the decision. Thread-safe.
 */
public final class SuffixPerplexityRail {

    /** The name of its score and latency in audit events. */
    public static final String STAGE = "suffix_perplexity";
    /** How far past the cut the scored text may start so that it starts at a word. */
    private static final int WORD_ALIGN = 64;

    private final InferenceClient inference;
    private final Settings settings;
    private final UpstreamCalls calls;

    /** The rail with its settings; its calls are timed and counted by {@code calls}. */
    public SuffixPerplexityRail(InferenceClient inference, Settings settings, UpstreamCalls calls) {
        this.inference = Objects.requireNonNull(inference, "inference");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /**
     * The rail's settings (from {@code warden.gateway.rails.perplexity.*}).
     *
     * @param enabled    whether the rail may run at all
     * @param threshold  the suffix score that blocks, in (0, 1]
     * @param minChars   last user messages shorter than this (trimmed) are not scored
     * @param scoredChars the most trailing characters sent to Score
     * @param timeout    the deadline of one Score call
     * @param ramps      the signal's ramps and tail window
     */
    public record Settings(boolean enabled, double threshold, int minChars, int scoredChars, Duration timeout,
                           PerplexitySignal.Thresholds ramps) {

        /** Checks the ranges. */
        public Settings {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("the perplexity threshold must be in (0, 1], got " + threshold);
            }
            if (minChars < 1 || scoredChars < minChars) {
                throw new IllegalArgumentException("need 1 <= minChars <= scoredChars, got " + minChars + " and "
                        + scoredChars);
            }
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(ramps, "ramps");
        }
    }

    /** Whether the rail runs for a tenant: enabled here and asked for by the policy. */
    public boolean appliesTo(TenantPolicy policy) {
        return settings.enabled() && policy.suffixPerplexity();
    }

    /** The score at and above which a prompt is blocked. */
    public double threshold() {
        return settings.threshold();
    }

    /**
     * Scores the tail of the last user message. Never fails: a failed Score call (or a malformed answer) is a
     * {@link Result#failed} result, for the tenant's fail-open policy to judge.
     *
     * @return {@link Result#skipped()} when there is no user message of at least {@code minChars}
     */
    public Uni<Result> check(RequestState state, Route route, List<Message> messages) {
        String text = scoredText(messages, settings.minChars(), settings.scoredChars());
        if (text == null) {
            return Uni.createFrom().item(Result.skipped());
        }
        InferenceScoreRequest request = InferenceScoreRequest.newBuilder().setText(text).build();
        return calls.timed(state, Upstream.INFERENCE, "Score", STAGE,
                        () -> inference.score(route, request, settings.timeout(), state.executor()))
                .map(response -> state.clock().work(() -> signal(response)))
                .onFailure(f -> f instanceof UpstreamException || f instanceof IllegalArgumentException)
                .recoverWithItem(Result::failed);
    }

    private Result signal(InferenceScoreResponse response) {
        int n = response.getTokensCount();
        if (n == 0) {
            return Result.skipped();
        }
        // [T] log-probabilities of the scored tokens, in order
        float[] logprobs = new float[n];
        for (int i = 0; i < n; i++) {
            logprobs[i] = response.getTokens(i).getLogprob();
        }
        PerplexitySignal signal = PerplexitySignal.fromTokenLogprobs(logprobs, settings.ramps());
        return Result.scored(signal, signal.score() >= settings.threshold());
    }

    /**
     * The text the rail scores: the last {@code scoredChars} characters of the last user message, starting at a
     * word when a space is near the cut; null when there is no user message or it is shorter than
     * {@code minChars} (trimmed).
     */
    static String scoredText(List<Message> messages, int minChars, int scoredChars) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if (!"user".equals(m.role())) {
                continue;
            }
            String text = m.content().strip();
            if (text.length() < minChars) {
                return null;
            }
            if (text.length() <= scoredChars) {
                return text;
            }
            int start = text.length() - scoredChars;
            int limit = Math.min(text.length() - minChars, start + WORD_ALIGN);
            for (int j = start; j < limit; j++) {
                if (Character.isWhitespace(text.charAt(j))) {
                    return text.substring(j + 1);
                }
            }
            return text.substring(Character.isLowSurrogate(text.charAt(start)) ? start + 1 : start);
        }
        return null;
    }

    /**
     * What the rail found.
     *
     * @param signal  the tail's signal; null when skipped or failed
     * @param blocked whether the signal's score reached the threshold
     * @param failure why Score could not be used; null unless failed
     */
    public record Result(PerplexitySignal signal, boolean blocked, Throwable failure) {

        private static final Result SKIPPED = new Result(null, false, null);

        /** Nothing to score (or the rail is off). */
        public static Result skipped() {
            return SKIPPED;
        }

        /** A scored tail. */
        static Result scored(PerplexitySignal signal, boolean blocked) {
            return new Result(Objects.requireNonNull(signal, "signal"), blocked, null);
        }

        /** Score failed or answered something unusable. */
        static Result failed(Throwable failure) {
            return new Result(null, false, Objects.requireNonNull(failure, "failure"));
        }

        /** Whether Score failed. */
        public boolean isFailed() {
            return failure != null;
        }
    }
}
