package dev.warden.model.serve;

import java.util.concurrent.atomic.LongAdder;

/** Counters behind {@link SchedulerStats}, written by the worker and the submitting threads. */
final class SchedulerCounters {

    private final LongAdder submitted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder finished = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder generatedTokens = new LongAdder();
    private volatile long decodeSteps;
    private volatile long compactions;

    void submitted() {
        submitted.increment();
    }

    void rejected() {
        rejected.increment();
    }

    void finished() {
        finished.increment();
    }

    /** A prefill of {@code tokens} prompt tokens sampled one first token for each of {@code sequences}. */
    void prefilled(int tokens, int sequences) {
        promptTokens.add(tokens);
        generatedTokens.add(sequences);
    }

    /** A decode pass sampled one token for each of {@code sequences}. */
    void generated(int sequences) {
        generatedTokens.add(sequences);
    }

    /** The worker's totals so far. */
    void steps(long steps, long compactionCount) {
        decodeSteps = steps;
        compactions = compactionCount;
    }

    SchedulerStats snapshot(int running, int waiting) {
        return new SchedulerStats(submitted.sum(), rejected.sum(), finished.sum(), promptTokens.sum(),
                generatedTokens.sum(), decodeSteps, compactions, running, waiting);
    }
}
