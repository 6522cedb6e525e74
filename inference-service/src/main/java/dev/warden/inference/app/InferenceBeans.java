package dev.warden.inference.app;

import dev.warden.inference.config.ConfigCheck;
import dev.warden.inference.config.InferenceConfig;
import dev.warden.inference.generate.GenerationEngine;
import dev.warden.inference.generate.GenerationService;
import dev.warden.inference.generate.PooledGenerationEngine;
import dev.warden.inference.hidden.HiddenStatesService;
import dev.warden.inference.metrics.InferenceMetrics;
import dev.warden.inference.model.ModelLoader;
import dev.warden.inference.model.ModelManager;
import dev.warden.inference.score.ScoringService;
import dev.warden.inference.work.WorkerPool;
import dev.warden.inference.work.WorkerThreads;
import dev.warden.model.runtime.DeviceChoice;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wires the plain domain classes from the configuration: the only place that knows both CDI and the
 * domain. Two worker pools: {@code warden-request-N} (prompt preparation, Score, HiddenStates) and the
 * generation engine's {@code warden-generate-N}; plus one {@code warden-loader-1} thread for model loads.
 */
@Singleton
public class InferenceBeans {

    private final ExecutorService loader = Executors.newSingleThreadExecutor(WorkerThreads.factory("loader"));

    @Produces
    @Singleton
    ModelManager models(InferenceConfig config) {
        ConfigCheck.validate(config);
        return new ModelManager(new ModelLoader(DeviceChoice.parse(config.device()), config.dtype()), loader);
    }

    void closeModels(@Disposes ModelManager models) {
        models.close();
    }

    @Produces
    @Singleton
    WorkerPool requestWorkers(InferenceConfig config) {
        return new WorkerPool("request", config.workerThreads(), config.maxQueue());
    }

    void closeWorkers(@Disposes WorkerPool workers) {
        workers.close();
    }

    @Produces
    @Singleton
    GenerationEngine engine(InferenceConfig config) {
        return new PooledGenerationEngine(config.workerThreads(), config.maxQueue());
    }

    void closeEngine(@Disposes GenerationEngine engine) {
        engine.close();
    }

    @Produces
    @Singleton
    InferenceMetrics metrics(MeterRegistry registry) {
        return new InferenceMetrics(registry);
    }

    @Produces
    @Singleton
    GenerationService generations(ModelManager models, WorkerPool workers, GenerationEngine engine,
                                  InferenceMetrics metrics, InferenceConfig config) {
        return new GenerationService(models, workers, engine, metrics, config.maxNewTokens());
    }

    @Produces
    @Singleton
    ScoringService scoring(ModelManager models, WorkerPool workers) {
        return new ScoringService(models, workers);
    }

    @Produces
    @Singleton
    HiddenStatesService hiddenStates(ModelManager models, WorkerPool workers, InferenceConfig config) {
        return new HiddenStatesService(models, workers, config.maxBatch(), config.maxInputs());
    }

    @PreDestroy
    void stopLoader() {
        loader.shutdownNow();
    }
}
