package dev.warden.gateway.rails;

/**
 * An adversarial-suffix signal from the per-token log-probabilities of a prompt (inference-service Score):
 * optimisation suffixes (GCG and kin) are token salad the model finds very unlikely, so the mean negative
 * log-probability (NLL, nats per token) of the prompt's tail is high, and much higher than the head's.
 *
 * <p>Default thresholds, from the perplexity-filter literature (Alon and Kamfonas 2023; Jain et al. 2023,
 * windowed perplexity): natural prompts stay below a perplexity of about 150 (NLL 5.0 nats) on a
 * GPT-2-class model while GCG suffixes reach 1,000 and more (NLL 6.9+). So the tail part of the score ramps
 * from NLL 5.0 (0) to 7.5 (1), and the contrast part from tail - head = 1.5 nats (0) to 3.5 (1); the score
 * is the smaller of the two, or the tail part alone when the head has fewer than {@value #MIN_HEAD} tokens.
 * A small or unusual model has another baseline: measure its NLL on ordinary prompts and pass
 * {@link Thresholds} shifted by the difference.
 *
 * @param headNll    mean NLL of the tokens before the tail (NaN when fewer than {@value #MIN_HEAD})
 * @param tailNll    mean NLL of the last {@code window} tokens
 * @param tailTokens tokens in the tail
 * @param score      suffix score in [0, 1]; {@code >= 0.5} is suspicious
 */
public record PerplexitySignal(double headNll, double tailNll, int tailTokens, double score) {

    /** Fewest head tokens for the contrast to count. */
    public static final int MIN_HEAD = 5;
    /** Score at and above which the tail is reported as an adversarial suffix. */
    public static final double THRESHOLD = 0.5;
    /** The floor for a token's log-prob (a zero-probability token would otherwise be -infinity). */
    static final double MIN_LOGPROB = -30;

    /**
     * Where the ramps start and end, in nats per token, and the tail length in tokens.
     *
     * @param tailLow      tail NLL where the tail part starts rising from 0
     * @param tailHigh     tail NLL where it reaches 1
     * @param contrastLow  tail - head NLL where the contrast part starts rising
     * @param contrastHigh tail - head NLL where it reaches 1
     * @param window       tokens in the tail (GCG suffixes are about 20 tokens)
     */
    public record Thresholds(double tailLow, double tailHigh, double contrastLow, double contrastHigh, int window) {

        /** The defaults documented on {@link PerplexitySignal}. */
        public static final Thresholds DEFAULT = new Thresholds(5.0, 7.5, 1.5, 3.5, 20);

        /** Checks that each ramp rises and the window is positive. */
        public Thresholds {
            if (!(tailHigh > tailLow) || !(contrastHigh > contrastLow) || window < 1) {
                throw new IllegalArgumentException("thresholds need tailHigh > tailLow, contrastHigh > contrastLow"
                        + " and window >= 1, got " + tailLow + ".." + tailHigh + ", " + contrastLow + ".."
                        + contrastHigh + ", window " + window);
            }
        }
    }

    /** Checks the score range. */
    public PerplexitySignal {
        if (!(score >= 0 && score <= 1) || tailTokens < 0) {
            throw new IllegalArgumentException("score must be in [0, 1] and tailTokens >= 0, got " + score
                    + " and " + tailTokens);
        }
    }

    /** The signal of {@code logprobs} under {@link Thresholds#DEFAULT}. */
    public static PerplexitySignal fromTokenLogprobs(float[] logprobs) {
        return fromTokenLogprobs(logprobs, Thresholds.DEFAULT);
    }

    /**
     * The signal of per-token log-probabilities.
     *
     * @param logprobs   natural-log probability of each prompt token given the tokens before it, in order
     *                   (the first token, which has no context, is best left out); -infinity is read as
     *                   {@value #MIN_LOGPROB}
     * @param thresholds the ramps
     * @throws IllegalArgumentException when {@code logprobs} is null or empty, or holds NaN or a value > 0
     */
    public static PerplexitySignal fromTokenLogprobs(float[] logprobs, Thresholds thresholds) {
        if (logprobs == null || logprobs.length == 0) {
            throw new IllegalArgumentException("logprobs must hold at least one token");
        }
        if (thresholds == null) {
            throw new IllegalArgumentException("thresholds must not be null");
        }
        int n = logprobs.length;
        int tail = Math.min(thresholds.window(), n);
        double headSum = 0;
        double tailSum = 0;
        for (int i = 0; i < n; i++) {
            float lp = logprobs[i];
            if (Float.isNaN(lp) || lp > 1e-4f) {
                throw new IllegalArgumentException("logprobs[" + i + "] = " + lp + " is not a log-probability");
            }
            double nll = -Math.max(lp, MIN_LOGPROB);
            if (i >= n - tail) {
                tailSum += nll;
            } else {
                headSum += nll;
            }
        }
        int headTokens = n - tail;
        double tailNll = tailSum / tail;
        double headNll = headTokens >= MIN_HEAD ? headSum / headTokens : Double.NaN;
        double tailPart = ramp(tailNll, thresholds.tailLow(), thresholds.tailHigh());
        double score = Double.isNaN(headNll) ? tailPart
                : Math.min(tailPart, ramp(tailNll - headNll, thresholds.contrastLow(), thresholds.contrastHigh()));
        return new PerplexitySignal(headNll, tailNll, tail, score);
    }

    /** True when {@code score >= THRESHOLD}. */
    public boolean suspicious() {
        return score >= THRESHOLD;
    }

    private static double ramp(double value, double low, double high) {
        return Math.max(0, Math.min(1, (value - low) / (high - low)));
    }
}
