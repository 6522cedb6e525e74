package dev.warden.inference.generate;

import dev.warden.inference.error.DeadlineExceededException;
import dev.warden.inference.error.ModelUnavailableException;
import dev.warden.service.work.QueueFullException;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Logprobs;
import dev.warden.model.serve.BatchScheduler;
import dev.warden.model.serve.EngineFailureException;
import dev.warden.model.serve.ListenerFailedException;
import dev.warden.model.serve.SchedulerClosedException;
import dev.warden.model.serve.SchedulerMetrics;
import dev.warden.model.serve.SchedulerOptions;
import dev.warden.model.serve.StreamListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Continuous batching: one {@link BatchScheduler} per served model, so that every running generation of a
 * model shares each decode pass and new ones join between passes. During a LoadModel swap the old and the
 * new model each have their scheduler; the old one is closed by {@link #retire} when the model is freed
 * (after its last request). The scheduler's admission queue is the bound: {@code maxBatch} requests decode,
 * {@code maxQueue} wait, one more is rejected with RESOURCE_EXHAUSTED.
 *
 * <p>A job's deadline becomes the scheduler's: a request that passes it (waiting or decoding) ends at the
 * next step boundary and fails with DEADLINE_EXCEEDED. A cancelled job leaves the queue, or frees its batch
 * slot, at the next step boundary; its listener hears nothing more once it was cancelled.
 */
public final class BatchingGenerationEngine implements GenerationEngine {

    private final SchedulerOptions options;
    private final Function<String, SchedulerMetrics> metrics;
    private final Map<LoadedModel, BatchScheduler> schedulers = new IdentityHashMap<>();
    private boolean stopping; // guarded by schedulers

    /**
     * @param options the scheduler settings of every model (batch, queue, KV cache slots)
     * @param metrics the scheduler hooks of a model, by the name clients use for it
     */
    public BatchingGenerationEngine(SchedulerOptions options, Function<String, SchedulerMetrics> metrics) {
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public GenerationHandle submit(GenerationJob job, GenerationListener listener) {
        BatchScheduler scheduler = schedulerOf(job);
        Relay relay = new Relay(listener);
        dev.warden.model.serve.GenerationHandle handle;
        try {
            handle = scheduler.submit(job.request(), deadlineOf(job), relay);
        } catch (dev.warden.model.serve.QueueFullException e) {
            throw new QueueFullException("generation", e.maxQueue());
        } catch (SchedulerClosedException e) {
            throw new ModelUnavailableException("the service is stopping");
        }
        return new Handle(handle, relay);
    }

    /** The scheduler of the job's model, started on the model's first job. */
    private BatchScheduler schedulerOf(GenerationJob job) {
        synchronized (schedulers) {
            if (stopping) {
                throw new ModelUnavailableException("the service is stopping");
            }
            return schedulers.computeIfAbsent(job.model(), m ->
                    new BatchScheduler(m.model(), m.detokenizer(), options, metrics.apply(job.modelName())));
        }
    }

    /** The job's deadline on the wall clock, or null. */
    private static Instant deadlineOf(GenerationJob job) {
        if (job.deadlineNanos().isEmpty()) {
            return null;
        }
        return Instant.now().plusNanos(job.deadlineNanos().getAsLong() - System.nanoTime());
    }

    /**
     * {@code model} is about to be freed (its last request ended after a swap, or the service stops): its
     * scheduler, if it had one, is closed and its KV cache freed. Harmless for a model without scheduler.
     */
    @Override
    public void retire(LoadedModel model) {
        BatchScheduler scheduler;
        synchronized (schedulers) {
            scheduler = schedulers.remove(model);
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    /** Requests holding a batch slot, over every model (for tests and logs). */
    public int running() {
        synchronized (schedulers) {
            return schedulers.values().stream().mapToInt(BatchScheduler::running).sum();
        }
    }

    @Override
    public void close() {
        List<BatchScheduler> all;
        synchronized (schedulers) {
            stopping = true;
            all = new ArrayList<>(schedulers.values());
            schedulers.clear();
        }
        all.forEach(BatchScheduler::close);
    }

    /** A scheduler's failure as the service's exception (the status mapper knows these). */
    private static Throwable translate(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof dev.warden.model.serve.DeadlineExceededException e) {
            return new DeadlineExceededException(e.partialResult().completionTokens() == 0
                    ? "waiting for a batch slot" : "generating");
        }
        if (t instanceof SchedulerClosedException) {
            return new ModelUnavailableException("the service stopped before this request started");
        }
        if (t instanceof ListenerFailedException && t.getCause() != null) {
            return t.getCause(); // the sink's own failure
        }
        if (t instanceof EngineFailureException && t.getCause() instanceof Error error) {
            return error; // out of memory is RESOURCE_EXHAUSTED, not INTERNAL
        }
        return t;
    }

    /** Relays the scheduler's callbacks until the caller cancels. */
    private static final class Relay implements StreamListener {

        private final GenerationListener listener;
        private volatile boolean cancelled;

        Relay(GenerationListener listener) {
            this.listener = listener;
        }

        @Override
        public void onStart() {
            listener.onStart(System.nanoTime());
        }

        @Override
        public boolean onToken(long tokenId, String textDelta, Logprobs logprobs) {
            if (cancelled) {
                return false;
            }
            listener.onToken(tokenId, textDelta, logprobs);
            return true;
        }

        @Override
        public void onStopToken(long tokenId) {
            if (!cancelled) {
                listener.onStopToken(tokenId);
            }
        }

        @Override
        public void onFinish(String textDelta, GenerationResult result) {
            if (!cancelled) {
                listener.onFinish(textDelta, result);
            }
        }
    }

    /** The service's handle over the scheduler's. */
    private static final class Handle implements GenerationHandle {

        private final dev.warden.model.serve.GenerationHandle handle;
        private final Relay relay;
        private final CompletableFuture<GenerationResult> completion = new CompletableFuture<>();

        Handle(dev.warden.model.serve.GenerationHandle handle, Relay relay) {
            this.handle = handle;
            this.relay = relay;
            // Off the decode thread: the end of a request may release the last lease of a swapped-out model,
            // whose retirement joins that thread.
            handle.result().whenCompleteAsync((result, failure) -> {
                if (failure != null) {
                    completion.completeExceptionally(translate(failure));
                } else {
                    completion.complete(result);
                }
            });
        }

        @Override
        public void cancel() {
            relay.cancelled = true;
            handle.cancel();
        }

        @Override
        public CompletionStage<GenerationResult> completion() {
            return completion;
        }
    }
}
