package dev.warden.gateway.app;

import dev.warden.gateway.state.RedisState;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the gateway serves only when Redis answers (keys, policies and rate limits live there). Upstreams
 * are not part of it: an unavailable model is a 503 for its requests, not a reason to take the gateway out.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements AsyncHealthCheck {

    @Inject
    RedisState redis;

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.ping()
                .map(ignored -> HealthCheckResponse.up("redis"))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.builder().name("redis").down()
                        .withData("reason", String.valueOf(failure.getMessage())).build());
    }
}
