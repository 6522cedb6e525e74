package dev.warden.judge.score;

/** How sure a tier is of its verdict: the chain escalates only {@link #UNSURE} results. */
public enum Certainty {
    /** Clearly safe: the chain stops here. */
    SURE_SAFE,
    /** Clearly unsafe: the chain stops here. */
    SURE_UNSAFE,
    /** Between the thresholds: the next tier, if allowed, decides. */
    UNSURE
}
