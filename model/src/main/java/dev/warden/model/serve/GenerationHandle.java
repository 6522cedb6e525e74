package dev.warden.model.serve;

import dev.warden.model.generate.GenerationResult;
import java.util.concurrent.CompletionStage;

/**
 * A submitted request: its id, a way to cancel it, and its result.
 *
 * <p>The result stage completes with the {@link GenerationResult} when the request finishes normally
 * (finish reason STOP, LENGTH, or CANCELLED after {@link #cancel()}), or exceptionally with a
 * {@link SchedulerException}: {@link DeadlineExceededException}, {@link SchedulerClosedException},
 * {@link ListenerFailedException} or {@link EngineFailureException}. It completes on the worker thread:
 * use the {@code *Async} variants for anything slow.
 */
public final class GenerationHandle {

    private final Job job;
    private final AdmissionQueue queue;

    GenerationHandle(Job job, AdmissionQueue queue) {
        this.job = job;
        this.queue = queue;
    }

    /** The request's id, unique within its scheduler (for logs). */
    public long id() {
        return job.id;
    }

    /**
     * Asks to stop the request. A queued request leaves the queue, a running one frees its slot, at the
     * next step boundary at the latest; its result then has finish reason CANCELLED with the tokens
     * generated so far. Does nothing once the request has ended. Safe from any thread.
     */
    public void cancel() {
        if (!job.future.isDone()) {
            job.cancelRequested = true;
            queue.wake();
        }
    }

    /** The result; a read-only stage (completing it from outside is not possible). */
    public CompletionStage<GenerationResult> result() {
        return job.future.minimalCompletionStage();
    }

    /** Whether the request has ended (its stage is complete). */
    public boolean isDone() {
        return job.future.isDone();
    }
}
