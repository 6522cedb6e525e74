package dev.warden.recovery.error;

/** Cancelling a job that already succeeded or failed (409 / FAILED_PRECONDITION). */
public final class JobFinishedException extends RecoveryException {

    private static final long serialVersionUID = 1L;

    /** Job {@code jobId} is in the terminal state {@code state}. */
    public JobFinishedException(String jobId, String state) {
        super("job_id", "job " + jobId + " already ended (" + state + "); only queued or running jobs can be"
                + " cancelled", null);
    }

    @Override
    public String code() {
        return "job_finished";
    }
}
