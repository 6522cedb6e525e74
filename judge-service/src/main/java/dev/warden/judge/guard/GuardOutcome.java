package dev.warden.judge.guard;

/** The LLM judge's overall answer over its templates. */
public enum GuardOutcome {
    /** Most readable answers said safe. */
    SAFE,
    /** Most readable answers said unsafe, or the readable answers were split evenly. */
    UNSAFE,
    /** No answer could be read: the judge has no opinion (the chain decides what that means). */
    UNDECIDED
}
