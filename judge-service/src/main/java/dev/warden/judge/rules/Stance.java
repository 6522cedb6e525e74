package dev.warden.judge.rules;

/** Whether a response refuses or complies (mirrors the proto's ResponseStance). */
public enum Stance {
    /** No response was judged (a prompt alone). */
    NONE,
    /** The response declines the request. */
    REFUSAL,
    /** The response does what was asked. */
    COMPLIANCE
}
