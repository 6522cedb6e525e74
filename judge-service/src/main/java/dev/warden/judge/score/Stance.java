package dev.warden.judge.score;

/** Whether a response refuses or complies. */
public enum Stance {
    /** No response was judged. */
    NONE,
    /** The response declines the request. */
    REFUSAL,
    /** The response does what was asked. */
    COMPLIANCE
}
