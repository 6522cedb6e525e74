package dev.warden.recovery.metrics;

import dev.warden.recovery.method.RepairPhase;
import java.util.Locale;

/** The {@code phase} tag of the step meters: the phases a restore step runs in. */
public enum StepPhase {
    /** Warm-up restore steps. */
    WARMUP,
    /** Plain restore steps. */
    RESTORE,
    /** Restore + rollback steps. */
    RESTORE_ROLLBACK,
    /** A step row reporting another phase (should not happen). */
    OTHER;

    /** The tag of a step row's phase. */
    public static StepPhase of(RepairPhase phase) {
        if (phase == null) {
            return OTHER;
        }
        switch (phase) {
            case WARMUP:
                return WARMUP;
            case RESTORE:
                return RESTORE;
            case RESTORE_ROLLBACK:
                return RESTORE_ROLLBACK;
            default:
                return OTHER;
        }
    }

    /** The tag value. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
