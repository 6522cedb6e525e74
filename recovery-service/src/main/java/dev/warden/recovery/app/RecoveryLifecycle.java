package dev.warden.recovery.app;

import dev.warden.proto.v1.RepairState;
import dev.warden.recovery.auth.ApiToken;
import dev.warden.recovery.config.RecoveryConfig;
import dev.warden.recovery.job.JobStore;
import dev.warden.recovery.job.WorkerPool;
import dev.warden.recovery.metrics.RecoveryMetrics;
import dev.warden.recovery.validate.SpecValidator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Startup: creates the queue's consumer group, starts {@code warden.recovery.workers} workers (unless
 * {@code warden.recovery.worker-enabled=false}) named {@code <replica-id>-<n>}, and the refresh of the job
 * gauges. Shutdown: stops the workers (running jobs stop at their next step boundary and stay RUNNING, to be
 * resumed) within the configured grace.
 */
@ApplicationScoped
public class RecoveryLifecycle {

    private static final Logger LOG = Logger.getLogger(RecoveryLifecycle.class);

    @Inject
    RecoveryConfig config;
    @Inject
    JobStore store;
    @Inject
    WorkerPool workers;
    @Inject
    RecoveryMetrics metrics;
    @Inject
    SpecValidator validator; // created here, so a missing model root fails the startup, not the first request
    @Inject
    ApiToken token; // likewise: the configuration is checked at startup

    private ScheduledExecutorService gauges;

    void start(@Observes StartupEvent event) {
        LOG.infof("recovery-service: model root %s, output root %s", config.modelRoot().toAbsolutePath(),
                validator.outputs().root());
        store.init();
        if (config.workerEnabled()) {
            String replica = config.replicaId().orElseGet(RecoveryLifecycle::defaultReplicaId);
            for (int i = 0; i < config.workers(); i++) {
                workers.start(replica + "-" + i);
            }
            LOG.infof("recovery-service: %d worker(s) of replica %s take repair jobs", config.workers(), replica);
        } else {
            LOG.info("recovery-service: workers disabled (warden.recovery.worker-enabled=false): this replica only"
                    + " serves the API");
        }
        gauges = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-recovery-gauges");
            t.setDaemon(true);
            return t;
        });
        long every = config.metricsRefresh().toMillis();
        gauges.scheduleWithFixedDelay(this::refreshGauges, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (gauges != null) {
            gauges.shutdownNow();
        }
        workers.stop(config.queue().shutdownGrace());
    }

    private void refreshGauges() {
        try {
            Map<RepairState, Long> counts = new EnumMap<>(RepairState.class);
            store.counts().forEach((state, n) -> counts.put(state.proto(), n));
            metrics.jobs(counts);
        } catch (RuntimeException e) {
            LOG.debugf("cannot refresh the job gauges: %s", e.toString());
        }
    }

    /** {@code <host name>-<process id>}, as the JVM names itself ({@code pid@host}). */
    static String defaultReplicaId() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        String pid = at > 0 ? name.substring(0, at) : Long.toString(ProcessHandle.current().pid());
        String host = at > 0 ? name.substring(at + 1) : System.getenv().getOrDefault("HOSTNAME", "replica");
        return (host + "-" + pid).replaceAll("[^A-Za-z0-9_.-]", "-");
    }
}
