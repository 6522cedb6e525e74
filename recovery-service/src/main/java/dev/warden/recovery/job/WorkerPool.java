package dev.warden.recovery.job;

import dev.warden.recovery.client.InferenceLoader;
import dev.warden.recovery.method.HarmJudge;
import dev.warden.recovery.method.RepairRunner;
import dev.warden.recovery.metrics.RecoveryMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * This replica's workers, and the timer thread that refreshes their claims. Workers are created here (the
 * service starts {@code warden.recovery.workers} of them at startup; tests create more under chosen consumer
 * names) and stopped together.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final JobStore store;
    private final RepairRunner runner;
    private final HarmJudge judge;
    private final InferenceLoader loader;
    private final RecoveryMetrics metrics;
    private final WorkerSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    private final List<JobWorker> workers = new ArrayList<>();

    /** A pool whose workers share these parts. */
    public WorkerPool(JobStore store, RepairRunner runner, HarmJudge judge, InferenceLoader loader,
                      RecoveryMetrics metrics, WorkerSettings settings, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.judge = judge;
        this.loader = loader;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-recovery-claims");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a worker named {@code consumer} on a thread named {@code warden-recovery-worker-<consumer>}. */
    public synchronized JobWorker start(String consumer) {
        JobWorker w = new JobWorker(consumer, store, runner, judge, loader, metrics, settings, timers, clock);
        w.start("warden-recovery-worker-" + consumer);
        workers.add(w);
        return w;
    }

    /** The workers started so far. */
    public synchronized List<JobWorker> workers() {
        return List.copyOf(workers);
    }

    /**
     * Stops every worker and waits up to {@code grace} for their jobs to reach a step boundary (jobs are not
     * cancelled: they stay RUNNING and are resumed by another worker or after a restart).
     */
    public void stop(Duration grace) {
        List<JobWorker> all = workers();
        all.forEach(JobWorker::stop);
        long deadline = System.nanoTime() + grace.toNanos();
        for (JobWorker w : all) {
            try {
                if (!w.await(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    LOG.warnf("worker %s still runs job %s after the shutdown grace; another worker resumes it",
                            w.consumer(), w.currentJob());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        try {
            timers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
