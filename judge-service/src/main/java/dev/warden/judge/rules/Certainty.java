package dev.warden.judge.rules;

/**
 * How sure the rules tier is of its result, which decides whether the chain escalates to a costlier tier.
 * Thresholds: {@link RuleOptions}.
 */
public enum Certainty {
    /** Overall score at or above {@link RuleOptions#sureUnsafeAt()}: unsafe, no escalation needed. */
    SURE_UNSAFE,
    /** Overall score below {@link RuleOptions#sureSafeBelow()}, no jailbreak framing, no evasion cue: safe. */
    SURE_SAFE,
    /** Anything between: the next tier decides. */
    UNSURE
}
