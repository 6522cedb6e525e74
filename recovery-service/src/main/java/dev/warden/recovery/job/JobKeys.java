package dev.warden.recovery.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Every Redis key of the job layer, under one prefix:
 * <ul>
 * <li>{@code job:<id>} (hash): the job's state, spec, times, attempts, owner, latest event, report;</li>
 * <li>{@code steps:<id>} (hash): step number to the step's row, as steps complete;</li>
 * <li>{@code events:<id>} (stream): progress events with ids {@code 0-<sequence>};</li>
 * <li>{@code jobs} and {@code state:<STATE>} (sorted sets, score 0): every job id and the ids per state,
 *     ordered by id (that is, by creation time);</li>
 * <li>{@code idem:<sha256 of the key>} (string): the job an idempotency key created;</li>
 * <li>{@code output:<sha256 of the path>} (string): the job that will write an output directory;</li>
 * <li>{@code queue} (stream, consumer group {@value #GROUP}): one entry per job to run.</li>
 * </ul>
 *
 * @param prefix the configured prefix (e.g. {@code warden:recovery:})
 */
public record JobKeys(String prefix) {

    /** The consumer group of the workers. */
    public static final String GROUP = "workers";

    /** The job hash. */
    public String job(String id) {
        return prefix + "job:" + id;
    }

    /** The step rows hash. */
    public String steps(String id) {
        return prefix + "steps:" + id;
    }

    /** The event stream. */
    public String events(String id) {
        return prefix + "events:" + id;
    }

    /** Every job id. */
    public String index() {
        return prefix + "jobs";
    }

    /** The ids of jobs in {@code state} (a {@link JobState} name). */
    public String state(JobState state) {
        return prefix + "state:" + state.name();
    }

    /** The idempotency record of {@code key}. */
    public String idempotency(String key) {
        return prefix + "idem:" + sha256(key);
    }

    /** The reservation of an output directory. */
    public String output(String path) {
        return prefix + "output:" + sha256(path);
    }

    /** The queue stream. */
    public String queue() {
        return prefix + "queue";
    }

    /** Hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
