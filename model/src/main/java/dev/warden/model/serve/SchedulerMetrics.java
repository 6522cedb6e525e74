package dev.warden.model.serve;

import java.time.Duration;

/**
 * Hooks a service turns into metrics (histograms and counters of its own metrics library). Every method
 * has a no-op default; calls come from the worker thread except {@link #rejected()} (the submitting
 * thread), must be quick, and may not throw (an exception is logged and ignored).
 *
 * <p>Gauges are read from the scheduler: {@link BatchScheduler#running()}, {@link BatchScheduler#waiting()}.
 */
public interface SchedulerMetrics {

    /** Metrics that record nothing. */
    SchedulerMetrics NONE = new SchedulerMetrics() {
    };

    /** A submission was rejected because the queue was full. */
    default void rejected() {
    }

    /** A request left the queue for a batch slot after waiting {@code queueTime}. */
    default void admitted(Duration queueTime, int promptTokens) {
    }

    /** A request's first token was sampled, {@code timeToFirstToken} after its submission. */
    default void firstToken(Duration timeToFirstToken) {
    }

    /** A request sampled another token, {@code gap} after its previous one. */
    default void interTokenGap(Duration gap) {
    }

    /** One decode pass ran over {@code sequences} active sequences in {@code duration}. */
    default void decodeStep(int sequences, Duration duration) {
    }

    /**
     * A request ended.
     *
     * @param completionTokens tokens sampled (0 when it never started)
     * @param endToEnd         from submission to the end
     */
    default void finished(RequestOutcome outcome, int promptTokens, int completionTokens, Duration endToEnd) {
    }
}
