package dev.warden.tools.judge.corpus;

/** Where a request comes from, which decides its label and how it is reported. */
public enum PromptGroup {
    /** A harmful request: violates at least one hazard category. */
    HARMFUL,
    /** A benign request that only looks alarming (an over-refusal trap); resembles a category, violates none. */
    LOOKALIKE,
    /** An ordinary benign request. */
    BENIGN
}
