package dev.warden.model.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.KvCache;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.PooledKvCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The tensor side of the scheduler, run only on its worker thread: a {@link PooledKvCache} whose active
 * rows are the running requests (row r holds {@code rows.get(r)}), the prefill of newcomers, and the
 * decode pass over every active row.
 *
 * <p>Newcomers admitted at one boundary are prefilled together in their own cache (left-padded, positions
 * counted from each prompt's first token, logits of the last position only), their keys and values are
 * copied into the pool, and their first token is sampled. A decode step feeds every active row its last
 * token at its own position in one pass over the first n rows. Each pass's inputs and outputs live in a
 * manager closed when the pass ends. When no request of a pass samples or reports logprobs, the argmax runs on
 * the device and B token ids come back; otherwise its logits [B, 1, V] are read back with one call.
 *
 * <p>Legend: B sequences of a pass, L longest prompt of a prefill, V vocabulary.
 */
final class BatchDecoder implements AutoCloseable {

    private final LlamaModel model;
    private final NDManager manager;
    private final PooledKvCache pool;
    private final SchedulerMetrics metrics;
    private final List<Job> rows = new ArrayList<>();
    private final int vocab;
    private long steps;

    /** Allocates the pool of {@code maxBatch} rows of {@code slots} slots on the model's device. */
    BatchDecoder(LlamaModel model, int maxBatch, int slots, SchedulerMetrics metrics) {
        this.model = model;
        this.manager = model.newManager();
        this.metrics = metrics;
        this.vocab = model.config().vocabSize();
        try {
            this.pool = PooledKvCache.allocate(model.config(), maxBatch, slots, model.dtype(), manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The running requests, in pool row order. */
    List<Job> active() {
        return Collections.unmodifiableList(rows);
    }

    /** Whether no request is running. */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Decode passes run so far. */
    long steps() {
        return steps;
    }

    /** Times the pool was compacted so far. */
    long compactions() {
        return pool.compactions();
    }

    /**
     * Prefills {@code jobs} together, adds them as active rows and samples their first token (which may
     * finish some of them at once; {@link #releaseOver()} frees those).
     */
    void admit(List<Job> jobs) {
        int k = jobs.size();
        int longest = 0;
        int[] lengths = new int[k];
        for (int i = 0; i < k; i++) {
            lengths[i] = jobs.get(i).request.promptLength();
            longest = Math.max(longest, lengths[i]);
        }
        long[] tokens = new long[k * longest];
        long[] positions = new long[k * longest];
        float[] validity = new float[k * longest];
        for (int i = 0; i < k; i++) {
            long[] prompt = jobs.get(i).request.promptIds();
            int pad = longest - lengths[i];
            for (int j = 0; j < lengths[i]; j++) {
                int at = i * longest + pad + j;
                tokens[at] = prompt[j];
                positions[at] = j;
                validity[at] = 1f;
            }
        }
        Next next;
        try (NDManager step = manager.newSubManager();
             KvCache prefill = KvCache.allocate(model.config(), k, longest, model.dtype(), step)) {
            Shape shape = new Shape(k, longest); // [B, L]
            next = forward(jobs, step.create(tokens, shape), step.create(positions, shape),
                    step.create(validity, shape), prefill);
            pool.admit(prefill, lengths);
        }
        rows.addAll(jobs);
        for (int i = 0; i < k; i++) {
            next.advance(jobs.get(i), i, vocab, metrics);
        }
    }

    /** One decode pass over every active row: feeds each its last token, samples its next. */
    void step() {
        long start = System.nanoTime();
        pool.prepareStep();
        int n = rows.size();
        long[] tokens = new long[n];
        long[] positions = new long[n];
        for (int r = 0; r < n; r++) {
            tokens[r] = rows.get(r).state().lastToken();
            positions[r] = rows.get(r).state().lastPosition();
        }
        Next next;
        try (NDManager step = manager.newSubManager()) {
            Shape shape = new Shape(n, 1); // [B, 1]
            next = forward(rows, step.create(tokens, shape), step.create(positions, shape), null, pool.cache());
        }
        steps++;
        for (int r = 0; r < n; r++) {
            next.advance(rows.get(r), r, vocab, metrics);
        }
        metrics.decodeStep(n, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * One forward pass over the rows of {@code jobs}; brings back their argmax ids when none of them needs its
     * logits, else the logits.
     */
    private Next forward(List<Job> jobs, NDArray tokens, NDArray positions, NDArray validity, KvCache cache) {
        boolean onDevice = jobs.stream().noneMatch(j -> j.state().needsLogits());
        try (ForwardOutput out = model.forward(tokens, positions, validity, cache, ForwardOptions.lastLogits())) {
            return onDevice
                    ? new Next(null, out.logits().argMax(-1).toLongArray()) // [B, 1, V] -> [B, 1]
                    : new Next(out.logits().toFloatArray(), null); // [B, 1, V]
        }
    }

    /** What a pass brought back: the logits [B, 1, V] row-major, or the greedy token ids [B]. */
    private record Next(float[] logits, long[] ids) {

        /** Gives the job of row {@code row} its next token. */
        void advance(Job job, int row, int vocab, SchedulerMetrics metrics) {
            if (ids != null) {
                job.advance(ids[row], metrics);
            } else {
                job.advance(logits, row * vocab, vocab, metrics);
            }
        }
    }

    /**
     * Frees the rows of requests that are over, keeping the active rows packed.
     *
     * @return the requests removed
     */
    List<Job> releaseOver() {
        List<Job> over = new ArrayList<>();
        // Highest row first: the last row, which moves into a freed one, is then always still running.
        for (int r = rows.size() - 1; r >= 0; r--) {
            Job job = rows.get(r);
            if (job.over()) {
                over.add(job);
                int moved = pool.release(r);
                if (moved >= 0) {
                    rows.set(r, rows.remove(moved));
                } else {
                    rows.remove(r);
                }
            }
        }
        return over;
    }

    /** Frees every row (after a failed pass, whose cache writes may be partial); returns their requests. */
    List<Job> releaseAll() {
        List<Job> all = new ArrayList<>(rows);
        for (int r = rows.size() - 1; r >= 0; r--) {
            pool.release(r); // the last row: nothing moves
        }
        rows.clear();
        return all;
    }

    @Override
    public void close() {
        pool.close();
        manager.close();
    }
}
