package dev.warden.model.serve;

/**
 * Counters since the scheduler started, and its current load.
 *
 * @param submitted        requests accepted into the queue
 * @param rejected         submissions refused because the queue was full
 * @param finished         requests ended, however they ended
 * @param promptTokens     prompt tokens prefilled
 * @param generatedTokens  tokens sampled
 * @param decodeSteps      decode passes run
 * @param compactions      times the shared KV cache was shifted left to reclaim dead slots
 * @param running          requests holding a batch slot now
 * @param waiting          requests waiting for a slot now
 */
public record SchedulerStats(long submitted, long rejected, long finished, long promptTokens,
        long generatedTokens, long decodeSteps, long compactions, int running, int waiting) {
}
