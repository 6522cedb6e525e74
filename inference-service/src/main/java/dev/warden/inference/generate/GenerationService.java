package dev.warden.inference.generate;

import dev.warden.inference.metrics.InferenceMetrics;
import dev.warden.inference.model.ModelLease;
import dev.warden.inference.model.ModelManager;
import dev.warden.service.work.WorkerPool;
import dev.warden.model.generate.SamplingParams;
import java.util.Objects;

/**
 * Generate, in domain terms: validates the sampling settings, takes a lease on the current model, and
 * starts a {@link Generation} whose events go to the caller's sink. Everything that may block (template,
 * tokenizer, the model) runs on worker threads; {@link #start} itself returns at once.
 */
public final class GenerationService {

    private final ModelManager models;
    private final WorkerPool workers;
    private final GenerationEngine engine;
    private final InferenceMetrics metrics;
    private final int maxNewTokens;

    /**
     * @param workers      the pool that prepares prompts
     * @param engine       the pool or scheduler that decodes
     * @param maxNewTokens the service's limit on {@code max_new_tokens}
     */
    public GenerationService(ModelManager models, WorkerPool workers, GenerationEngine engine,
                             InferenceMetrics metrics, int maxNewTokens) {
        this.models = Objects.requireNonNull(models, "models");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.maxNewTokens = maxNewTokens;
    }

    /**
     * Starts generating.
     *
     * @return the running generation, to cancel when the caller goes away
     * @throws dev.warden.inference.error.InvalidArgumentException for an invalid sampling setting
     * @throws dev.warden.inference.error.ModelUnavailableException while no model serves
     * @throws dev.warden.inference.error.ModelNotFoundException for another model name than the loaded one
     * @throws dev.warden.service.work.QueueFullException when the preparation queue is full
     */
    public Generation start(GenerateCommand command, GenerationSink sink) {
        SamplingParams requested = command.sampling().toParams(maxNewTokens);
        ModelLease lease = models.acquire(command.model());
        Generation generation = new Generation(command, lease, sink, metrics.forModel(lease.name()), engine);
        generation.begin(workers, requested);
        return generation;
    }
}
