package dev.warden.judge.score;

/** The overall judgement of a text. */
public enum Verdict {
    /** No hazard at or above the threshold. */
    SAFE,
    /** A hazard at or above the threshold. */
    UNSAFE;

    /** UNSAFE when {@code score >= threshold}. */
    public static Verdict of(float score, float threshold) {
        return score >= threshold ? UNSAFE : SAFE;
    }

    /** The tag value in metrics. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
