package dev.warden.recovery.error;

/** No bearer token, or a wrong one (401 / UNAUTHENTICATED). */
public final class UnauthenticatedException extends RecoveryException {

    private static final long serialVersionUID = 1L;

    /** Refused for the reason {@code reason} (never echoing the presented token). */
    public UnauthenticatedException(String reason) {
        super(null, reason, null);
    }

    @Override
    public String code() {
        return "unauthenticated";
    }
}
