package dev.warden.recovery.job;

/**
 * An entry of the job queue a worker holds (pending in the consumer group until acknowledged).
 *
 * @param entryId   the stream id
 * @param jobId     the job to run
 * @param reclaimed whether it was taken over from another consumer that went silent
 */
public record QueueEntry(String entryId, String jobId, boolean reclaimed) {
}
