package dev.warden.recovery.job;

import java.util.Map;
import java.util.SortedMap;

/**
 * A job as Redis holds it: the fields of its hash and, when asked for, its step rows (JSON by step number).
 *
 * @param id     the job id
 * @param fields the job hash
 * @param steps  step number to the row's JSON; empty when not loaded
 */
public record StoredJob(String id, Map<String, String> fields, SortedMap<Integer, String> steps) {

    /** A field, or {@code fallback} when absent. */
    public String field(String name, String fallback) {
        String v = fields.get(name);
        return v == null ? fallback : v;
    }

    /** The state. */
    public JobState state() {
        return JobState.valueOf(field("state", "QUEUED"));
    }
}
