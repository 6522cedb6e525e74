package dev.warden.judge.rules;

/** Which judged text a match points into. */
public enum Side {
    /** The prompt. */
    PROMPT,
    /** The response. */
    RESPONSE
}
