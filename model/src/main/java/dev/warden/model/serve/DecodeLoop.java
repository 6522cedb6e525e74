package dev.warden.model.serve;

import dev.warden.model.llama.LlamaModel;
import dev.warden.model.serve.AdmissionQueue.Intake;
import dev.warden.model.serve.AdmissionQueue.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker thread's loop. At every step boundary it ends what was cancelled or ran out of time, admits
 * waiting requests up to the free slots, prefills them, then runs one decode pass over every running
 * request; requests that finished release their slot before their result is completed.
 */
final class DecodeLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeLoop.class);

    private final LlamaModel model;
    private final SchedulerOptions options;
    private final int slots;
    private final AdmissionQueue queue;
    private final SchedulerMetrics metrics;
    private final SchedulerCounters counters;
    private final CompletableFuture<Void> terminated;

    DecodeLoop(LlamaModel model, SchedulerOptions options, int slots, AdmissionQueue queue, SchedulerMetrics metrics,
               SchedulerCounters counters, CompletableFuture<Void> terminated) {
        this.model = model;
        this.options = options;
        this.slots = slots;
        this.queue = queue;
        this.metrics = metrics;
        this.counters = counters;
        this.terminated = terminated;
    }

    @Override
    public void run() {
        BatchDecoder decoder = null;
        Throwable failure = null;
        try {
            decoder = new BatchDecoder(model, options.maxBatch(), slots, metrics);
            loop(decoder);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
            LOG.warn("decode worker interrupted; ending every request");
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("decode worker failed; ending every request", e);
        } finally {
            shutDown(decoder, failure);
        }
    }

    private void loop(BatchDecoder decoder) throws InterruptedException {
        while (true) {
            Instant now = Instant.now();
            Intake intake = queue.take(!decoder.isEmpty(), now);
            for (Job job : intake.dropped()) {
                if (intake.lifecycle() == Lifecycle.CLOSING) {
                    job.fail(new SchedulerClosedException("the scheduler closed before request " + job.id
                            + " started"));
                } else if (job.expired(now)) {
                    job.expire();
                } else {
                    job.cancel();
                }
                end(job, false);
            }
            if (intake.lifecycle() == Lifecycle.CLOSING) {
                decoder.active().forEach(Job::cancel);
                endAll(decoder.releaseOver());
                return;
            }
            if (intake.exit()) {
                return;
            }
            for (Job job : decoder.active()) {
                if (job.cancelRequested) {
                    job.cancel();
                } else if (job.expired(now)) {
                    job.expire();
                }
            }
            endAll(decoder.releaseOver());
            if (!intake.admitted().isEmpty()) {
                admit(decoder, intake.admitted());
            }
            if (!decoder.isEmpty()) {
                try {
                    decoder.step();
                    counters.generated(decoder.active().size());
                } catch (RuntimeException e) {
                    LOG.error("decode pass over {} sequences failed", decoder.active().size(), e);
                    List<Job> all = decoder.releaseAll();
                    all.forEach(job -> job.fail(new EngineFailureException("decode pass failed: " + e, e)));
                    endAll(all);
                }
                endAll(decoder.releaseOver());
                counters.steps(decoder.steps(), decoder.compactions());
            }
        }
    }

    private void admit(BatchDecoder decoder, List<Job> admitted) {
        int promptTokens = 0;
        for (Job job : admitted) {
            metrics.admitted(Duration.ofNanos(System.nanoTime() - job.submittedNanos), job.request.promptLength());
            promptTokens += job.request.promptLength();
            job.started();
        }
        try {
            decoder.admit(admitted);
            counters.prefilled(promptTokens, admitted.size());
        } catch (RuntimeException e) {
            LOG.error("prefill of {} requests failed", admitted.size(), e);
            for (Job job : admitted) {
                if (!decoder.active().contains(job)) {
                    job.fail(new EngineFailureException("prefill failed: " + e, e));
                    end(job, true);
                }
            }
            return;
        }
        endAll(decoder.releaseOver());
    }

    private void endAll(List<Job> jobs) {
        for (Job job : jobs) {
            end(job, true);
        }
    }

    /** Frees the request's slot (if it held one), counts it, then completes its stage. */
    private void end(Job job, boolean heldSlot) {
        if (heldSlot) {
            queue.ended(1);
        }
        RequestOutcome outcome = job.outcome();
        counters.finished();
        metrics.finished(outcome, job.request.promptLength(), job.completionTokens(),
                Duration.ofNanos(System.nanoTime() - job.submittedNanos));
        job.complete();
    }

    /**
     * Ends whatever is left (nothing after close or a drain; after a failure of the loop itself, every
     * request, with {@link EngineFailureException}) and frees the cache.
     */
    private void shutDown(BatchDecoder decoder, Throwable failure) {
        queue.advance(Lifecycle.CLOSING);
        try {
            Intake rest = queue.take(true, Instant.now());
            for (Job job : rest.dropped()) {
                job.fail(new SchedulerClosedException("the scheduler closed before request " + job.id + " started"));
                end(job, false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (decoder != null) {
            for (Job job : decoder.releaseAll()) {
                if (!job.over()) {
                    job.fail(new EngineFailureException("the decode worker stopped: " + failure, failure));
                }
                end(job, true);
            }
            decoder.close();
        }
        terminated.complete(null);
    }
}
