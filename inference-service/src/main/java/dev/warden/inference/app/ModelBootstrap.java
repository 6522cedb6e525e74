package dev.warden.inference.app;

import dev.warden.inference.config.InferenceConfig;
import dev.warden.inference.health.ModelHealth;
import dev.warden.inference.metrics.InferenceMetrics;
import dev.warden.inference.model.LoadSpec;
import dev.warden.inference.model.ModelManager;
import dev.warden.model.runtime.EngineDefaults;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Loads the configured checkpoint when the application starts, in the background: the server is up at
 * once, answers UNAVAILABLE (and health NOT_SERVING) until the model serves, then SERVING. A failed load
 * is logged; the service stays up so that LoadModel can load another checkpoint.
 */
@ApplicationScoped
public class ModelBootstrap {

    private static final Logger LOG = Logger.getLogger(ModelBootstrap.class);

    void onStart(@Observes StartupEvent event, InferenceConfig config, ModelManager models, ModelHealth health,
                 InferenceMetrics metrics) {
        EngineDefaults.apply(config.torchThreads()).ifPresent(LOG::warn);
        health.markNotServing();
        models.addListener(health);
        models.addListener(model -> metrics.forModel(model.name()));
        String what = CheckpointResolver.describe(config.checkpoint(), config.modelsDir());
        LOG.infof("loading %s", what);
        models.load(what, () -> new LoadSpec(CheckpointResolver.resolve(config.checkpoint(), config.modelsDir()),
                        config.modelName(), Optional.empty()))
                .whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        LOG.errorf("could not load %s: %s; the service answers UNAVAILABLE until a LoadModel "
                                + "succeeds", what, failure.getCause() != null ? failure.getCause().getMessage()
                                : failure.getMessage());
                    } else {
                        LOG.infof("serving %s (%s, %,d parameters, %s) loaded in %d ms", outcome.model().name(),
                                outcome.model().source().checkpointPath(),
                                outcome.model().shape().parameterCount(), outcome.model().placement().device(), outcome.loadTime().toMillis());
                    }
                });
    }
}
