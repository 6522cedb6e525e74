package dev.warden.judge.rules;

import dev.warden.judge.score.Certainty;

/**
 * Escalation thresholds of the rules tier.
 *
 * @param sureUnsafeAt  overall score at or above which the result is {@link Certainty#SURE_UNSAFE}
 * @param sureSafeBelow overall score below which the result is {@link Certainty#SURE_SAFE} (unless jailbreak
 *                      framing or an evasion cue is present); benign context never lowers a score at or above this
 *                      value below it, so benign context makes a hazard unsure, not safe
 */
public record RuleOptions(double sureUnsafeAt, double sureSafeBelow) {

    /**
     * Jailbreak framing or an evasion cue at or above this strength keeps a text without hazard matches from
     * being sure safe: the lexicon may just not know the topic it wraps.
     */
    public static final double SUSPICION_UNSURE_AT = 0.5;

    /** Default: sure unsafe at 0.8, sure safe below 0.25. */
    public static final RuleOptions DEFAULTS = new RuleOptions(0.8, 0.25);

    /** Checks {@code 0 < sureSafeBelow < sureUnsafeAt <= 1}. */
    public RuleOptions {
        if (!(sureSafeBelow > 0.0 && sureSafeBelow < sureUnsafeAt && sureUnsafeAt <= 1.0)) {
            throw new IllegalArgumentException("need 0 < sureSafeBelow < sureUnsafeAt <= 1, got sureSafeBelow="
                    + sureSafeBelow + ", sureUnsafeAt=" + sureUnsafeAt);
        }
    }

    /** The default thresholds. */
    public static RuleOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The certainty of an overall score.
     *
     * @param score     the overall harm score
     * @param suspicion jailbreak framing or evasion intent ("without getting caught") found in the text, in
     *                  [0, 1], hazard or not
     */
    public Certainty certaintyOf(double score, double suspicion) {
        if (score >= sureUnsafeAt) {
            return Certainty.SURE_UNSAFE;
        }
        if (score < sureSafeBelow && suspicion < SUSPICION_UNSURE_AT) {
            return Certainty.SURE_SAFE;
        }
        return Certainty.UNSURE;
    }
}
