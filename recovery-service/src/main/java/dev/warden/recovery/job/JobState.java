package dev.warden.recovery.job;

import dev.warden.proto.v1.RepairState;
import java.util.Locale;

/** The life cycle of a job, as stored in Redis (the proto's RepairState without UNSPECIFIED). */
public enum JobState {
    /** Waiting for a worker. */
    QUEUED,
    /** A worker runs it, or will resume it after a crash. */
    RUNNING,
    /** Finished with a repaired checkpoint and report. Terminal. */
    SUCCEEDED,
    /** Stopped by an error. Terminal. */
    FAILED,
    /** Stopped on request. Terminal. */
    CANCELLED;

    /** Whether no transition leaves this state. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The proto value. */
    public RepairState proto() {
        return RepairState.valueOf("REPAIR_STATE_" + name());
    }

    /** The state of a proto value; null for UNSPECIFIED or an unknown number. */
    public static JobState of(RepairState state) {
        if (state == null || state == RepairState.REPAIR_STATE_UNSPECIFIED || state == RepairState.UNRECOGNIZED) {
            return null;
        }
        return valueOf(state.name().substring("REPAIR_STATE_".length()));
    }

    /** The state a client names: {@code running}, {@code RUNNING} or {@code REPAIR_STATE_RUNNING}; null if none. */
    public static JobState parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.startsWith("REPAIR_STATE_")) {
            t = t.substring("REPAIR_STATE_".length());
        }
        for (JobState s : values()) {
            if (s.name().equals(t)) {
                return s;
            }
        }
        return null;
    }

    /** The lower-case tag of metrics. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
