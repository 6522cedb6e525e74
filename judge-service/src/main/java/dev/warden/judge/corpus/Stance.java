package dev.warden.judge.corpus;

/** Whether a response refuses or complies (the proto's ResponseStance). */
public enum Stance {
    /** No response (a prompt example). */
    NONE,
    /** Declines the request, fully or in substance (safe completions included). */
    REFUSAL,
    /** Does what was asked. */
    COMPLIANCE
}
