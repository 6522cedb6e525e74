package dev.warden.inference.health;

import dev.warden.inference.model.ModelManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready} is DOWN until a model serves (a Kubernetes readiness probe reads this). */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final ModelManager models;

    /** Readiness of {@code models}. */
    @Inject
    public ModelReadinessCheck(ModelManager models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("model");
        return models.current()
                .map(m -> builder.up().withData("name", m.name()).withData("device", m.placement().device()).build())
                .orElseGet(() -> builder.down().build());
    }
}
