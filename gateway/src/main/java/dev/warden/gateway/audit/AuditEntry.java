package dev.warden.gateway.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One event read back from the audit stream.
 *
 * @param id the stream entry id ({@code <ms>-<seq>}, assigned by Redis)
 * @param time when Redis appended it (the id's millisecond part)
 * @param event the event
 */
public record AuditEntry(String id, Instant time, AuditEvent event) {

    /** Checks the components. */
    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
    }

    /** The entry for stream id {@code id} (its time is the id's millisecond part). */
    static AuditEntry of(String id, AuditEvent event) {
        int dash = id.indexOf('-');
        long millis = Long.parseLong(dash < 0 ? id : id.substring(0, dash));
        return new AuditEntry(id, Instant.ofEpochMilli(millis), event);
    }
}
