package dev.warden.e2e.suite;

/**
 * The suite cannot start or a step of the story cannot run, for a reason the user can act on (a port in use,
 * no Redis, a service that did not become healthy: the message names it and, where there is one, its log).
 * The command line prints the message without a stack trace.
 */
public class SuiteException extends RuntimeException {

    /** A failure described by {@code message}. */
    public SuiteException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public SuiteException(String message, Throwable cause) {
        super(message, cause);
    }
}
