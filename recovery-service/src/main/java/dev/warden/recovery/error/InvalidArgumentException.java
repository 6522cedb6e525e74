package dev.warden.recovery.error;

/** A request field has a value the service cannot accept (400 / INVALID_ARGUMENT). */
public final class InvalidArgumentException extends RecoveryException {

    private static final long serialVersionUID = 1L;

    /** {@code field} is invalid for the reason {@code reason}. */
    public InvalidArgumentException(String field, String reason) {
        super(field, reason, null);
    }

    /** {@code field} is invalid for the reason {@code reason}, found through {@code cause}. */
    public InvalidArgumentException(String field, String reason, Throwable cause) {
        super(field, reason, cause);
    }

    @Override
    public String code() {
        return "invalid_argument";
    }
}
