package dev.warden.model.serve;

import dev.warden.model.config.ModelConfig;
import dev.warden.model.generate.Detokenizer;
import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.PromptTooLongException;
import dev.warden.model.generate.SequenceState;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.serve.AdmissionQueue.Lifecycle;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous batching over one model: concurrent requests share every decode pass, and new requests join
 * between passes instead of waiting for a batch to finish.
 *
 * <p>One dedicated worker thread does all tensor work (callers' threads only validate and enqueue). At
 * every step boundary it ends the requests that were cancelled or passed their deadline, admits waiting
 * requests up to {@link SchedulerOptions#maxBatch()} running ones, prefills the newcomers together and
 * samples their first token, then runs one forward pass over all running requests (one token each) and
 * samples each with its own {@link dev.warden.model.generate.SamplingParams} and seed, so a request's
 * tokens do not depend on what else is in the batch. Stop ids, stop strings, max tokens and a full
 * context end a request as in {@link dev.warden.model.generate.Generator}; its slot is free for the next
 * boundary. The KV cache is a {@link dev.warden.model.llama.PooledKvCache} of {@code maxBatch} rows.
 *
 * <p>Admission is bounded: when every slot is taken and {@link SchedulerOptions#maxQueue()} requests
 * wait, {@link #submit} throws {@link QueueFullException} instead of queueing more.
 *
 * <p>Ending: {@link #shutdown()} drains (no new requests; queued and running ones finish normally, then
 * the thread ends). {@link #close()} cancels: running requests end at the next boundary with finish reason
 * CANCELLED and the tokens generated so far, queued ones end with {@link SchedulerClosedException}; it
 * then waits for the thread to end and frees the cache. The model is not closed: the caller owns it.
 */
public final class BatchScheduler implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ModelConfig config;
    private final Detokenizer detokenizer;
    private final int slots;
    private final AdmissionQueue queue;
    private final SchedulerMetrics metrics;
    private final SchedulerCounters counters = new SchedulerCounters();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final Thread worker;

    /** A scheduler without metrics hooks. */
    public BatchScheduler(LlamaModel model, Detokenizer detokenizer, SchedulerOptions options) {
        this(model, detokenizer, options, SchedulerMetrics.NONE);
    }

    /**
     * Starts the worker thread, which allocates the KV cache (maxBatch rows of
     * {@link SchedulerOptions#cacheSlots()} slots) on the model's device.
     */
    public BatchScheduler(LlamaModel model, Detokenizer detokenizer, SchedulerOptions options,
                          SchedulerMetrics metrics) {
        Objects.requireNonNull(model, "model");
        this.config = model.config();
        this.detokenizer = Objects.requireNonNull(detokenizer, "detokenizer");
        this.slots = options.cacheSlots() == 0 ? config.maxPositionEmbeddings() : options.cacheSlots();
        this.queue = new AdmissionQueue(options);
        this.metrics = new SafeMetrics(Objects.requireNonNull(metrics, "metrics"));
        DecodeLoop loop = new DecodeLoop(model, options, slots, queue, this.metrics, counters, terminated);
        this.worker = new Thread(loop, "warden-decode-" + THREADS.incrementAndGet());
        worker.setDaemon(true);
        worker.start();
    }

    /** Submits a request without deadline; see {@link #submit(GenerationRequest, Instant, StreamListener)}. */
    public GenerationHandle submit(GenerationRequest request, StreamListener listener) {
        return submit(request, null, listener);
    }

    /**
     * Queues a request and returns at once.
     *
     * @param deadline when to give up (the request then ends with {@link DeadlineExceededException}); null
     *                 for none
     * @param listener receives the tokens on the worker thread
     * @throws dev.warden.model.generate.InvalidPromptException when the prompt is empty or holds an id
     *     outside the vocabulary
     * @throws PromptTooLongException when the prompt leaves no room for a new token (in the model's context,
     *     or in the cache's slots when {@link SchedulerOptions#cacheSlots()} is smaller)
     * @throws QueueFullException when the queue is full
     * @throws SchedulerClosedException after {@link #shutdown()} or {@link #close()}
     */
    public GenerationHandle submit(GenerationRequest request, Instant deadline, StreamListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        SequenceState.checkPrompt(0, request, config);
        int length = request.promptLength();
        if (length > slots) {
            throw new PromptTooLongException(0, length, slots + 1);
        }
        // The last sampled token is never fed, so a sequence may sample until it has fed every slot.
        int budget = Math.min(SequenceState.contextBudget(request, config), slots + 1 - length);
        long id = ids.incrementAndGet();
        Job job = new Job(id, request, deadline, listener, new SequenceState(0, request, budget, detokenizer));
        try {
            queue.offer(job);
        } catch (QueueFullException e) {
            counters.rejected();
            metrics.rejected();
            throw e;
        }
        counters.submitted();
        return new GenerationHandle(job, queue);
    }

    /** Requests holding a batch slot (prefilling or decoding). */
    public int running() {
        return queue.running();
    }

    /** Requests waiting for a batch slot. */
    public int waiting() {
        return queue.waiting();
    }

    /** Counters since start, and the current load. */
    public SchedulerStats stats() {
        return counters.snapshot(running(), waiting());
    }

    /** KV cache slots per sequence (the model's context unless {@link SchedulerOptions#cacheSlots()} is set). */
    public int cacheSlots() {
        return slots;
    }

    /**
     * Drains: refuses new requests from now on ({@link SchedulerClosedException}); queued and running
     * requests finish normally, then the worker thread ends. Returns at once; see {@link #terminated()}.
     */
    public void shutdown() {
        queue.advance(Lifecycle.DRAINING);
    }

    /** Completes when the worker thread has ended and freed the cache. */
    public CompletionStage<Void> terminated() {
        return terminated.minimalCompletionStage();
    }

    /** Whether the worker thread has ended. */
    public boolean isTerminated() {
        return terminated.isDone();
    }

    /**
     * Cancels and stops: running requests end with CANCELLED at the next step boundary, queued ones with
     * {@link SchedulerClosedException}; waits for the worker thread to end (unless called from it, by a
     * listener). Idempotent.
     */
    @Override
    public void close() {
        queue.advance(Lifecycle.CLOSING);
        if (Thread.currentThread() == worker) {
            return;
        }
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
