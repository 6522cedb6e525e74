package dev.warden.gateway.state;

import java.util.Objects;

/**
 * Redis could not serve a state operation: the gateway's request pipeline treats the request as if the
 * guard were unreachable and applies the tenant's fail-open / fail-closed policy. The message names the
 * operation and the {@link Reason}, never a key, a secret or the data involved; the Redis client's error is
 * the cause.
 */
public final class StateUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why Redis could not serve the operation. */
    public enum Reason {
        /** No connection: refused, closed, reset, the client was closed, DNS failed. */
        UNREACHABLE,
        /** No reply within the configured timeout. */
        TIMEOUT,
        /** The client's connection pool and its wait queue were full. */
        OVERLOADED,
        /** Redis replied with an error (loading, read-only replica, out of memory, wrong type...). */
        REJECTED,
        /** A stored value could not be read back (edited by hand, or written by an incompatible version). */
        CORRUPT
    }

    private final String operation;
    private final Reason reason;

    /**
     * An exception for {@code operation}.
     *
     * @param operation what was attempted, for example {@code "authenticate"} (no arguments, no data)
     * @param reason why it failed
     * @param cause the Redis client's error, or {@code null}
     */
    public StateUnavailableException(String operation, Reason reason, Throwable cause) {
        super("Redis state unavailable for " + operation + ": " + reason, cause);
        this.operation = Objects.requireNonNull(operation, "operation");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The operation that failed, as passed to the constructor. */
    public String operation() {
        return operation;
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }
}
