package dev.warden.recovery.error;

/** Redis, which holds the jobs, did not answer or refused a command (503 / UNAVAILABLE). */
public final class StoreUnavailableException extends RecoveryException {

    private static final long serialVersionUID = 1L;

    /** {@code operation} (e.g. "submit") failed against Redis because of {@code cause}. */
    public StoreUnavailableException(String operation, Throwable cause) {
        super(null, "the job store (Redis) is unavailable during " + operation + ": "
                + (cause == null ? "no reply" : cause.getClass().getSimpleName() + ": " + cause.getMessage())
                + "; retry shortly", cause);
    }

    @Override
    public String code() {
        return "store_unavailable";
    }
}
