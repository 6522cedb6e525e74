package dev.warden.judge.classifier;

import java.util.Arrays;

/**
 * Decision settings of the classifier: a probability threshold per head (flagged at or above it) and two
 * escalation bands, one for prompt harm and one for response harm and refusal: a probability strictly
 * inside its band is not sure enough, and the chain should ask the next tier.
 *
 * @param perHead              one threshold in (0, 1) per {@link Head}, in head order
 * @param escalateLow          lower edge of the prompt band
 * @param escalateHigh         upper edge of the prompt band
 * @param responseEscalateLow  lower edge of the response band
 * @param responseEscalateHigh upper edge of the response band
 */
public record Thresholds(float[] perHead, float escalateLow, float escalateHigh, float responseEscalateLow,
                         float responseEscalateHigh) {

    /** Validates and copies. */
    public Thresholds {
        if (perHead.length != Head.COUNT) {
            throw new IllegalArgumentException("need " + Head.COUNT + " head thresholds, got " + perHead.length);
        }
        for (float t : perHead) {
            if (!(t > 0f && t < 1f)) {
                throw new IllegalArgumentException("thresholds must be in (0, 1), got " + Arrays.toString(perHead));
            }
        }
        checkBand(escalateLow, escalateHigh, "prompt");
        checkBand(responseEscalateLow, responseEscalateHigh, "response");
        perHead = perHead.clone();
    }

    private static void checkBand(float low, float high, String what) {
        if (!(low >= 0f && low <= high && high <= 1f)) {
            throw new IllegalArgumentException(what + " escalation band must satisfy 0 <= low <= high <= 1, got ("
                    + low + ", " + high + ")");
        }
    }

    /** Every head at {@code threshold}, with the same band for prompts and responses. */
    public static Thresholds uniform(float threshold, float escalateLow, float escalateHigh) {
        float[] t = new float[Head.COUNT];
        Arrays.fill(t, threshold);
        return new Thresholds(t, escalateLow, escalateHigh, escalateLow, escalateHigh);
    }

    /** The threshold of a head. */
    public float of(Head head) {
        return perHead[head.ordinal()];
    }

    /** A copy of the per-head thresholds. */
    @Override
    public float[] perHead() {
        return perHead.clone();
    }

    /** Whether a prompt harm probability lies strictly inside the prompt band. */
    public boolean unsurePrompt(float probability) {
        return probability > escalateLow && probability < escalateHigh;
    }

    /** Whether a response harm probability lies strictly inside the response band. */
    public boolean unsureResponse(float probability) {
        return probability > responseEscalateLow && probability < responseEscalateHigh;
    }

    /**
     * Confidence in [0, 1] of a probability: 0 at 0.5, 1 at 0 or 1 ({@code |2p - 1|}).
     */
    public static float confidence(float probability) {
        return Math.abs(2f * probability - 1f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thresholds t && Arrays.equals(perHead, t.perHead) && escalateLow == t.escalateLow
                && escalateHigh == t.escalateHigh && responseEscalateLow == t.responseEscalateLow
                && responseEscalateHigh == t.responseEscalateHigh;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(perHead) + Float.hashCode(escalateLow) * 17 + Float.hashCode(escalateHigh);
    }

    @Override
    public String toString() {
        return "Thresholds" + Arrays.toString(perHead) + " prompt band (" + escalateLow + ", " + escalateHigh
                + ") response band (" + responseEscalateLow + ", " + responseEscalateHigh + ")";
    }
}
