package dev.warden.recovery.job;

/**
 * One entry of a job's event stream.
 *
 * @param sequence the event's sequence number (the stream id is {@code 0-<sequence>})
 * @param state    the job's state after the event
 * @param json     the event without job id, sequence and state (they are filled in when read)
 */
public record StoredEvent(long sequence, JobState state, String json) {
}
