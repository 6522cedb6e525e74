package dev.warden.recovery.method;

/** The repair stopped at a step boundary because cancellation was requested. */
public final class RepairCancelledException extends RuntimeException {

    /** At {@code step}. */
    public RepairCancelledException(int step) {
        super("cancelled after step " + step);
    }
}
