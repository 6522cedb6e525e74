package dev.warden.inference.generate;

import dev.warden.inference.error.DeadlineExceededException;
import dev.warden.inference.error.ModelUnavailableException;
import dev.warden.inference.work.OffEventLoop;
import dev.warden.inference.work.WorkerPool;
import dev.warden.model.generate.FinishReason;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Logprobs;
import dev.warden.model.generate.TokenListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The engine until continuous batching arrives: each job runs alone through the model library's
 * {@code Generator} on one thread of a fixed pool ({@code warden-generate-N}) with a bounded queue, so at
 * most {@code threads} sequences decode at once and at most {@code queue} wait; one more is rejected
 * (RESOURCE_EXHAUSTED). A cancelled job leaves the queue at once, or stops at its next token when running;
 * a job whose deadline passes stops the same way and fails with DEADLINE_EXCEEDED.
 */
public final class PooledGenerationEngine implements GenerationEngine {

    private static final Logger LOG = Logger.getLogger(PooledGenerationEngine.class);

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    private final WorkerPool pool;
    private volatile boolean stopping;

    /** An engine of {@code threads} workers and a queue of {@code queue} jobs. */
    public PooledGenerationEngine(int threads, int queue) {
        this.pool = new WorkerPool("generate", threads, queue);
    }

    @Override
    public GenerationHandle submit(GenerationJob job, GenerationListener listener) {
        if (stopping) {
            throw new ModelUnavailableException("the service is stopping");
        }
        Task task = new Task(job, listener);
        task.admitted = pool.execute(task);
        return task;
    }

    @Override
    public void close() {
        stopping = true;
        for (Runnable never : pool.shutdownNow()) {
            ((Task) never).abandon();
        }
        try {
            if (!pool.awaitTermination(5_000)) {
                LOG.warn("generation workers still running 5 s after shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One job: queued, running, or done. */
    private final class Task implements Runnable, GenerationHandle {

        private final GenerationJob job;
        private final GenerationListener listener;
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final CompletableFuture<GenerationResult> completion = new CompletableFuture<>();
        private volatile boolean cancelled;
        private volatile boolean deadlinePassed;
        private volatile WorkerPool.Admitted admitted;

        Task(GenerationJob job, GenerationListener listener) {
            this.job = job;
            this.listener = listener;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return; // cancelled while queued
            }
            try {
                OffEventLoop.check("generation");
                if (job.deadlinePassed(System.nanoTime())) {
                    throw new DeadlineExceededException("waiting in the generation queue");
                }
                listener.onStart(System.nanoTime());
                GenerationResult result = job.model().generator()
                        .generate(List.of(job.request()), new Relay()).get(0);
                if (deadlinePassed) {
                    throw new DeadlineExceededException("generating");
                }
                completion.complete(result);
            } catch (Throwable t) {
                completion.completeExceptionally(t);
            } finally {
                state.set(DONE);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            if (state.compareAndSet(QUEUED, DONE)) {
                WorkerPool.Admitted a = admitted;
                if (a != null) {
                    a.drop(); // frees its place in the queue at once
                }
                completion.complete(new GenerationResult(new long[0], "", FinishReason.CANCELLED,
                        job.request().promptLength(), 0, List.of()));
            }
        }

        /** The pool stopped before the job started. */
        void abandon() {
            if (state.compareAndSet(QUEUED, DONE)) {
                completion.completeExceptionally(
                        new ModelUnavailableException("the service stopped before this request started"));
            }
        }

        @Override
        public CompletionStage<GenerationResult> completion() {
            return completion;
        }

        /** Relays the generator's callbacks, and stops it on cancellation, shutdown or deadline. */
        private final class Relay implements TokenListener {

            @Override
            public boolean onToken(int sequence, long tokenId, String textDelta, Logprobs logprobs) {
                if (cancelled || stopping) {
                    return false;
                }
                if (job.deadlinePassed(System.nanoTime())) {
                    deadlinePassed = true;
                    return false;
                }
                listener.onToken(tokenId, textDelta, logprobs);
                return true;
            }

            @Override
            public void onStopToken(int sequence, long tokenId) {
                listener.onStopToken(tokenId);
            }

            @Override
            public void onFinish(int sequence, String textDelta, GenerationResult result) {
                if (!deadlinePassed && !cancelled) {
                    listener.onFinish(textDelta, result);
                }
            }
        }
    }
}
