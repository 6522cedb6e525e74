package dev.warden.judge.classifier;

import java.util.Arrays;

/**
 * Decision settings of the classifier: a probability threshold per head (flagged at or above it) and the
 * escalation band: a harm or refusal probability strictly inside {@code (escalateLow, escalateHigh)} is
 * not sure enough, and the chain should ask the next tier.
 *
 * @param perHead      one threshold in (0, 1) per {@link Head}, in head order
 * @param escalateLow  lower edge of the band, in [0, 0.5]
 * @param escalateHigh upper edge of the band, in [0.5, 1]
 */
public record Thresholds(float[] perHead, float escalateLow, float escalateHigh) {

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
        if (!(escalateLow >= 0f && escalateLow <= 0.5f && escalateHigh >= 0.5f && escalateHigh <= 1f)) {
            throw new IllegalArgumentException("escalation band must satisfy 0 <= low <= 0.5 <= high <= 1, got ("
                    + escalateLow + ", " + escalateHigh + ")");
        }
        perHead = perHead.clone();
    }

    /** Every head at {@code threshold}, with the given band. */
    public static Thresholds uniform(float threshold, float escalateLow, float escalateHigh) {
        float[] t = new float[Head.COUNT];
        Arrays.fill(t, threshold);
        return new Thresholds(t, escalateLow, escalateHigh);
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

    /** Whether {@code probability} lies strictly inside the escalation band. */
    public boolean unsure(float probability) {
        return probability > escalateLow && probability < escalateHigh;
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
                && escalateHigh == t.escalateHigh;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(perHead) + Float.hashCode(escalateLow) * 17 + Float.hashCode(escalateHigh);
    }

    @Override
    public String toString() {
        return "Thresholds" + Arrays.toString(perHead) + " band (" + escalateLow + ", " + escalateHigh + ")";
    }
}
