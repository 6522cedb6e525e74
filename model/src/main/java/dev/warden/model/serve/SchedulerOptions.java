package dev.warden.model.serve;

/**
 * Limits of a {@link BatchScheduler}.
 *
 * @param maxBatch         most sequences decoded together (batch slots), > 0
 * @param maxQueue         most requests waiting for a slot once every slot is taken, > 0; a submission
 *                         beyond it is rejected with {@link QueueFullException}
 * @param cacheSlots       KV cache slots per sequence; 0 means the model's context length. A smaller
 *                         value saves memory: prompts longer than it are rejected and a sequence that
 *                         fills it finishes with {@code LENGTH}
 * @param maxPrefillTokens most padded prompt tokens prefilled together at one step boundary (the first
 *                         waiting request is always admitted); bounds the stall a burst of long prompts
 *                         causes the running sequences
 */
public record SchedulerOptions(int maxBatch, int maxQueue, int cacheSlots, int maxPrefillTokens) {

    /** Validates the limits. */
    public SchedulerOptions {
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("maxBatch must be > 0, got " + maxBatch);
        }
        if (maxQueue <= 0) {
            throw new IllegalArgumentException("maxQueue must be > 0, got " + maxQueue);
        }
        if (cacheSlots < 0) {
            throw new IllegalArgumentException("cacheSlots must be >= 0 (0 = the model's context), got "
                    + cacheSlots);
        }
        if (maxPrefillTokens <= 0) {
            throw new IllegalArgumentException("maxPrefillTokens must be > 0, got " + maxPrefillTokens);
        }
    }

    /** {@code maxBatch} slots, {@code maxQueue} waiting, the model's context, 4096 prefill tokens per step. */
    public static SchedulerOptions of(int maxBatch, int maxQueue) {
        return new SchedulerOptions(maxBatch, maxQueue, 0, 4096);
    }

    /** These options with {@code slots} KV cache slots per sequence. */
    public SchedulerOptions withCacheSlots(int slots) {
        return new SchedulerOptions(maxBatch, maxQueue, slots, maxPrefillTokens);
    }

    /** These options with at most {@code tokens} prefill tokens per step boundary. */
    public SchedulerOptions withMaxPrefillTokens(int tokens) {
        return new SchedulerOptions(maxBatch, maxQueue, cacheSlots, tokens);
    }
}
