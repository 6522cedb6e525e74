package dev.warden.recovery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of recovery-service, under {@code warden.recovery.*} (environment variables
 * {@code WARDEN_RECOVERY_*}). Redis itself is {@code quarkus.redis.hosts}; the ports are {@code quarkus.http.port}
 * (REST, 8083) and {@code quarkus.grpc.server.port} (gRPC, 9003); judge-service and inference-service are the
 * gRPC clients {@code judge} and {@code inference} ({@code quarkus.grpc.clients.<name>.host/port}).
 * {@link ConfigCheck} validates the values at startup.
 */
@ConfigMapping(prefix = "warden.recovery")
public interface RecoveryConfig {

    /**
     * The bearer token every REST call under {@code /v1} and every gRPC call needs
     * ({@code Authorization: Bearer <token>}), at least 16 characters. Absent: every call is refused (401 /
     * UNAUTHENTICATED). {@code /q/health}, {@code /q/metrics} and gRPC health stay open.
     */
    Optional<String> apiToken();

    /**
     * The directory every input path must lie in (checkpoints, LoRA adapters, probe and task files). Relative
     * paths in requests are resolved against it; {@code ..} and symbolic links that lead out of it are
     * rejected.
     */
    @WithDefault("models")
    Path modelRoot();

    /**
     * The directory every repaired checkpoint is written under; relative output paths are resolved against it,
     * and a job without one writes to {@code <output-root>/<job-id>}. Absent: {@code <model-root>/repairs}.
     */
    Optional<Path> outputRoot();

    /**
     * Where each job keeps its private work directory ({@code <work-root>/<job-id>}, the method's step
     * journal), so that a job interrupted by a crash resumes from its last persisted step. Absent:
     * {@code <model-root>/.warden-work}.
     */
    Optional<Path> workRoot();

    /**
     * Whether a job's work directory is kept after the job ends. By default it is deleted when the job
     * succeeds or is cancelled and kept when it fails (for diagnosis).
     */
    @WithDefault("false")
    boolean keepWorkDirs();

    /** The prefix of every Redis key of this service (several deployments or test runs can share a server). */
    @WithDefault("warden:recovery:")
    String redisPrefix();

    /** Worker threads of this replica, each running one job at a time (jobs are long and memory-hungry). */
    @WithDefault("1")
    int workers();

    /**
     * Whether this replica takes jobs from the queue. Off for API-only replicas (they accept, list, cancel and
     * stream jobs that other replicas run).
     */
    @WithDefault("true")
    boolean workerEnabled();

    /**
     * The name of this replica among the queue's consumers; each worker is {@code <replica-id>-<n>}. A stable
     * name (a StatefulSet pod name) lets a restarted replica take its own interrupted jobs back at once.
     * Absent: {@code <host name>-<process id>}.
     */
    Optional<String> replicaId();

    /**
     * PyTorch's intra-op threads (DJL's {@code ai.djl.pytorch.num_threads}), fixed when the engine starts (at the
     * first job); a {@code -Dai.djl.pytorch.num_threads} on the command line wins. One by default: more than one
     * collapses on cores shared with other work (README.md, "CPU threads"), and one is faster for small models
     * (many small ops). Raise it on a machine of its own for a large model, with {@code OMP_WAIT_POLICY=PASSIVE}
     * in the environment.
     */
    @WithDefault("1")
    int torchThreads();

    /** The job queue (a Redis stream read through a consumer group). */
    Queue queue();

    /** judge-service calls of the {@code HarmJudge}. */
    Judge judge();

    /** inference-service calls (loading a repaired checkpoint). */
    Inference inference();

    /** How often the job gauges of {@code /q/metrics} are refreshed from Redis. */
    @WithDefault("5s")
    Duration metricsRefresh();

    /**
     * The interval of keep-alive comments on an idle SSE progress stream (so proxies do not close a stream
     * while a long step runs).
     */
    @WithDefault("15s")
    Duration sseKeepAlive();

    /** Queue settings. */
    interface Queue {
        /**
         * How long a job taken by a worker may go without that worker refreshing its claim before another
         * worker (any replica, or this one restarted) takes it over and resumes it. A worker refreshes every
         * {@link #claimRefresh()} while it runs the job, so only a dead worker loses its job.
         */
        @WithDefault("60s")
        Duration claimMinIdle();

        /** How often a worker refreshes its claim on the job it runs; at most a third of the min idle time. */
        @WithDefault("10s")
        Duration claimRefresh();

        /** How long one read of the queue blocks waiting for a new job (the worker loop's tick). */
        @WithDefault("2s")
        Duration block();

        /**
         * How many times a job may be started. A job whose worker dies every time (for example killed for
         * running out of memory) fails after this many starts instead of taking every replica down in turn.
         */
        @WithDefault("3")
        int maxAttempts();

        /**
         * How long shutdown waits for running jobs to reach a step boundary. They are not cancelled: the job
         * stays RUNNING and another replica (or this one, restarted) resumes it.
         */
        @WithDefault("30s")
        Duration shutdownGrace();

        /** How long a progress stream's read of Redis blocks waiting for new events. */
        @WithDefault("500ms")
        Duration watchBlock();
    }

    /** judge-service settings. */
    interface Judge {
        /** Most (prompt, response) pairs per ScoreBatch call; in [1, 64] (judge-service's limit). */
        @WithDefault("64")
        int batch();

        /** Deadline of one ScoreBatch or AlignmentGeometry call. */
        @WithDefault("120s")
        Duration timeout();

        /**
         * Largest AlignmentGeometry request, in activation bytes; layers are sent in several calls beyond it
         * (gRPC servers refuse messages over 4 MiB by default).
         */
        @WithDefault("3000000")
        int geometryMaxBytes();
    }

    /** inference-service settings. */
    interface Inference {
        /** Deadline of the LoadModel call that hot-loads a repaired checkpoint. */
        @WithDefault("300s")
        Duration loadTimeout();
    }

    /** The output root: {@link #outputRoot()} or {@code <model-root>/repairs}. */
    default Path effectiveOutputRoot() {
        return outputRoot().orElse(modelRoot().resolve("repairs"));
    }

    /** The work root: {@link #workRoot()} or {@code <model-root>/.warden-work}. */
    default Path effectiveWorkRoot() {
        return workRoot().orElse(modelRoot().resolve(".warden-work"));
    }
}
