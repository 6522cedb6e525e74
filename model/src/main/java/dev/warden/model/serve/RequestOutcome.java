package dev.warden.model.serve;

/** How a request ended, for metrics labels: a small fixed set. */
public enum RequestOutcome {
    /** A stop token id or stop string ended it. */
    STOP,
    /** It reached its max new tokens or the context. */
    LENGTH,
    /** The caller cancelled it (handle or listener), or close() ended it while running. */
    CANCELLED,
    /** Its deadline passed. */
    DEADLINE,
    /** Its listener threw, or a forward pass failed. */
    FAILED,
    /** close() dropped it before it started. */
    CLOSED
}
