package dev.warden.inference.app;

import dev.warden.inference.config.ConfigCheck;
import dev.warden.inference.config.InferenceConfig;
import dev.warden.inference.generate.GenerationEngine;
import dev.warden.inference.generate.GenerationService;
import dev.warden.inference.generate.BatchingGenerationEngine;
import dev.warden.inference.hidden.HiddenStatesService;
import dev.warden.inference.metrics.InferenceMetrics;
import dev.warden.inference.model.ModelLoader;
import dev.warden.inference.model.ModelManager;
import dev.warden.inference.score.ScoringService;
import dev.warden.service.work.WorkerPool;
import dev.warden.service.work.WorkerThreads;
import dev.warden.model.runtime.DeviceChoice;
import dev.warden.model.serve.SchedulerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wires the plain domain classes from the configuration: the only place that knows both CDI and the
 * domain. Threads: the worker pool {@code warden-request-N} (prompt preparation, Score, HiddenStates), one
 * decode thread per served model ({@code warden-decode-N}, the continuous-batching scheduler), and one
 * {@code warden-loader-1} thread for model loads.
 */
@Singleton
public class InferenceBeans {

    private final ExecutorService loader = Executors.newSingleThreadExecutor(WorkerThreads.factory("loader"));

    @Produces
    @Singleton
    ModelManager models(InferenceConfig config, GenerationEngine engine) {
        ConfigCheck.validate(config);
        return new ModelManager(new ModelLoader(DeviceChoice.parse(config.device()), config.dtype(), engine::retire),
                loader);
    }

    void closeModels(@Disposes ModelManager models) {
        models.close();
    }

    @Produces
    @Singleton
    WorkerPool requestWorkers(InferenceConfig config) {
        // room for as many preparations as the generation engine admits (batch slots + its queue), so that a
        // burst the engine would take is never turned away while its prompts are being prepared
        return new WorkerPool("request", config.workerThreads(), config.maxQueue() + config.maxBatch());
    }

    void closeWorkers(@Disposes WorkerPool workers) {
        workers.close();
    }

    @Produces
    @Singleton
    GenerationEngine engine(InferenceConfig config, InferenceMetrics metrics) {
        ConfigCheck.validate(config);
        SchedulerOptions options = SchedulerOptions.of(config.maxBatch(), config.maxQueue())
                .withCacheSlots(config.kvCacheTokens().orElse(0));
        return new BatchingGenerationEngine(options, model -> metrics.forModel(model).schedulerHooks());
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
