package dev.warden.recovery.error;

/** An idempotency key already used for a different spec (409 / ALREADY_EXISTS). */
public final class IdempotencyConflictException extends RecoveryException {

    private static final long serialVersionUID = 1L;

    /** The key was first used by job {@code jobId}, with another spec. */
    public IdempotencyConflictException(String jobId) {
        super("idempotency_key", "already used by job " + jobId + " for a different spec; use a new key", null);
    }

    @Override
    public String code() {
        return "idempotency_key_reused";
    }
}
