package dev.warden.model.serve;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shields the decode loop from a metrics hook that throws: the exception is ignored, and logged the first
 * time only (a broken metrics backend would otherwise log at every token).
 */
final class SafeMetrics implements SchedulerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(SafeMetrics.class);

    private final SchedulerMetrics delegate;
    private final AtomicBoolean logged = new AtomicBoolean();

    SafeMetrics(SchedulerMetrics delegate) {
        this.delegate = delegate;
    }

    @Override
    public void rejected() {
        guard(delegate::rejected);
    }

    @Override
    public void admitted(Duration queueTime, int promptTokens) {
        guard(() -> delegate.admitted(queueTime, promptTokens));
    }

    @Override
    public void firstToken(Duration timeToFirstToken) {
        guard(() -> delegate.firstToken(timeToFirstToken));
    }

    @Override
    public void interTokenGap(Duration gap) {
        guard(() -> delegate.interTokenGap(gap));
    }

    @Override
    public void decodeStep(int sequences, Duration duration) {
        guard(() -> delegate.decodeStep(sequences, duration));
    }

    @Override
    public void finished(RequestOutcome outcome, int promptTokens, int completionTokens, Duration endToEnd) {
        guard(() -> delegate.finished(outcome, promptTokens, completionTokens, endToEnd));
    }

    private void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            if (logged.compareAndSet(false, true)) {
                LOG.warn("a scheduler metrics hook threw; ignoring this and any later failure", e);
            }
        }
    }
}
