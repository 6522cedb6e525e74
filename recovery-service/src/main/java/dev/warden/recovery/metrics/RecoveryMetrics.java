package dev.warden.recovery.metrics;

import dev.warden.proto.v1.RepairState;
import dev.warden.recovery.method.StepRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * recovery-service's meters, few and with fixed tags from enums:
 * <ul>
 * <li>{@code warden_recovery_jobs{state}}: jobs per state, all replicas together (a gauge refreshed from
 *     Redis every {@code warden.recovery.metrics-refresh});</li>
 * <li>{@code warden_recovery_step_duration_seconds{phase}}: time of each restore step run by this replica,
 *     its evaluation included (from {@link StepRow#seconds()});</li>
 * <li>{@code warden_recovery_restored_weights_total{phase}}: weights restored to the aligned values by the
 *     steps this replica ran.</li>
 * </ul>
 * The job states are the contract's {@link RepairState}s, so this package depends on nothing of the job layer
 * (which records into it). Thread-safe.
 */
public final class RecoveryMetrics {

    private final Map<RepairState, AtomicLong> jobs = new EnumMap<>(RepairState.class);
    private final Map<StepPhase, Timer> stepDurations = new EnumMap<>(StepPhase.class);
    private final Map<StepPhase, Counter> restored = new EnumMap<>(StepPhase.class);

    /** Registers the meters in {@code registry}. */
    public RecoveryMetrics(MeterRegistry registry) {
        for (RepairState s : RepairState.values()) {
            if (s == RepairState.REPAIR_STATE_UNSPECIFIED || s == RepairState.UNRECOGNIZED) {
                continue;
            }
            AtomicLong value = new AtomicLong();
            jobs.put(s, value);
            Gauge.builder("warden.recovery.jobs", value, AtomicLong::doubleValue)
                    .description("Repair jobs per state (all replicas)").tag("state", tag(s)).register(registry);
        }
        for (StepPhase p : StepPhase.values()) {
            stepDurations.put(p, Timer.builder("warden.recovery.step.duration")
                    .description("Time of one restore step, its evaluation included").tag("phase", p.tag())
                    .register(registry));
            restored.put(p, Counter.builder("warden.recovery.restored.weights")
                    .description("Weights restored to the aligned model's values").tag("phase", p.tag())
                    .register(registry));
        }
    }

    /** Sets the job gauges; {@code counts} holds a count per stored state. */
    public void jobs(Map<RepairState, Long> counts) {
        counts.forEach((state, n) -> jobs.get(state).set(n));
    }

    /** The {@code state} tag: {@code REPAIR_STATE_RUNNING} is {@code running}. */
    static String tag(RepairState state) {
        return state.name().substring("REPAIR_STATE_".length()).toLowerCase(Locale.ROOT);
    }

    /** Records a completed step. */
    public void step(StepRow row) {
        StepPhase phase = StepPhase.of(row.phase());
        if (Double.isFinite(row.seconds()) && row.seconds() >= 0) {
            stepDurations.get(phase).record(Duration.ofNanos(Math.round(row.seconds() * 1e9)));
        }
        if (row.counts().restoredCount() > 0) {
            restored.get(phase).increment(row.counts().restoredCount());
        }
    }
}
