package dev.warden.recovery.app;

import dev.warden.model.runtime.EngineDefaults;
import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.JudgeGrpc;
import dev.warden.recovery.auth.ApiToken;
import dev.warden.recovery.config.ConfigCheck;
import dev.warden.recovery.config.RecoveryConfig;
import dev.warden.recovery.client.InferenceLoader;
import dev.warden.recovery.job.EventHub;
import dev.warden.recovery.job.JobKeys;
import dev.warden.recovery.job.JobStore;
import dev.warden.recovery.job.RedisCalls;
import dev.warden.recovery.job.RepairService;
import dev.warden.recovery.job.WorkerPool;
import dev.warden.recovery.job.WorkerSettings;
import dev.warden.recovery.client.JudgeServiceHarmJudge;
import dev.warden.recovery.method.HarmJudge;
import dev.warden.recovery.method.RepairMethod;
import dev.warden.recovery.method.RepairRunner;
import dev.warden.recovery.metrics.RecoveryMetrics;
import dev.warden.recovery.paths.ConfinedRoot;
import dev.warden.recovery.validate.SpecValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Wires the plain domain classes from {@link RecoveryConfig}: the only place that knows both CDI and the
 * domain. Which {@link RepairRunner} runs is the bean of that type: {@link RepairMethod} here (tests replace
 * it with an {@code @Alternative}).
 */
@Singleton
public class RecoveryBeans {

    private static final Logger LOG = Logger.getLogger(RecoveryBeans.class);

    @Produces
    @Singleton
    RepairRunner runner(RecoveryConfig config) {
        // before the engine starts: PyTorch threads as configured, and offline (nothing is ever downloaded)
        EngineDefaults.apply(config.torchThreads()).ifPresent(LOG::warn);
        return new RepairMethod();
    }

    @Produces
    @Singleton
    ApiToken apiToken(RecoveryConfig config) {
        ConfigCheck.validate(config);
        return new ApiToken(config.apiToken());
    }

    @Produces
    @Singleton
    JobStore store(RedisDataSource redis, RecoveryConfig config) {
        ConfigCheck.validate(config);
        return new JobStore(new RedisCalls(redis), new JobKeys(config.redisPrefix()));
    }

    @Produces
    @Singleton
    EventHub events(JobStore store, RecoveryConfig config) {
        return new EventHub(store, config.queue().watchBlock().toMillis(), config.sseKeepAlive().toNanos());
    }

    void closeEvents(@Disposes EventHub hub) {
        hub.close();
    }

    @Produces
    @Singleton
    SpecValidator validator(RecoveryConfig config) {
        ConfinedRoot models = ConfinedRoot.of("model root", config.modelRoot());
        return new SpecValidator(models, ConfinedRoot.of("output root", createDirectories(config.effectiveOutputRoot())));
    }

    @Produces
    @Singleton
    RepairService service(JobStore store, SpecValidator validator, EventHub hub) {
        return new RepairService(store, validator, hub, Clock.systemUTC());
    }

    @Produces
    @Singleton
    HarmJudge judge(RecoveryConfig config, @GrpcClient("judge") JudgeGrpc.JudgeBlockingStub judgeStub) {
        return new JudgeServiceHarmJudge(judgeStub, config.judge().batch(), config.judge().timeout(),
                config.judge().geometryMaxBytes());
    }

    @Produces
    @Singleton
    InferenceLoader inferenceLoader(RecoveryConfig config,
                                    @GrpcClient("inference") InferenceGrpc.InferenceBlockingStub inferenceStub) {
        return new InferenceLoader(inferenceStub, config.inference().loadTimeout());
    }

    @Produces
    @Singleton
    RecoveryMetrics metrics(MeterRegistry registry) {
        return new RecoveryMetrics(registry);
    }

    @Produces
    @Singleton
    WorkerPool workers(JobStore store, RepairRunner runner, HarmJudge judge, InferenceLoader loader,
                       RecoveryMetrics metrics, RecoveryConfig config) {
        WorkerSettings settings = new WorkerSettings(config.queue().claimMinIdle(), config.queue().claimRefresh(),
                config.queue().block(), config.queue().maxAttempts(), createDirectories(config.effectiveWorkRoot()),
                config.keepWorkDirs());
        return new WorkerPool(store, runner, judge, loader, metrics, settings, Clock.systemUTC());
    }

    void closeWorkers(@Disposes WorkerPool pool) {
        pool.close();
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
