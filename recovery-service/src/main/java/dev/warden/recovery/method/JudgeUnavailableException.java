package dev.warden.recovery.method;

/** The judge could not be reached or failed; the repair cannot measure harmful rates. */
public final class JudgeUnavailableException extends RuntimeException {

    /** With the reason. */
    public JudgeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
