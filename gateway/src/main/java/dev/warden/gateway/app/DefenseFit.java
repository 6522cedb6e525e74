package dev.warden.gateway.app;

import dev.warden.gateway.defense.DefensePrompt;
import dev.warden.gateway.pipeline.TokenEstimator;
import dev.warden.gateway.routing.Route;
import dev.warden.gateway.routing.RoutingTable;
import dev.warden.gateway.client.InferenceClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Says at startup when the defense prompt cannot fit a routed model's context (issue 14): with the demo model (96
 * tokens of context) the default defense prompt (about 130 tokens) made every chat of a tenant with
 * {@code defense_prompt} on, the default, a 400 {@code upstream_rejected}. For each route the served model's
 * context length is asked once ({@code ModelInfo}); when the defense prompt's estimated tokens plus room for a
 * short prompt ({@value #PROMPT_ROOM} tokens) exceed it, a WARN names the route, both sizes and what to do. A
 * route whose inference-service is not up yet is skipped with an INFO line.
 */
@ApplicationScoped
public class DefenseFit {

    /** Tokens a prompt needs besides the defense prompt, at the least. */
    static final int PROMPT_ROOM = 32;

    private static final Logger LOG = Logger.getLogger(DefenseFit.class);

    @Inject
    RoutingTable routes;
    @Inject
    InferenceClient inference;

    void check(@Observes StartupEvent startup) {
        long defense = TokenEstimator.textTokens(DefensePrompt.fromResource().text());
        for (Route route : routes.routes()) {
            inference.modelInfo(route, Duration.ofSeconds(5), Runnable::run).subscribe().with(
                    info -> {
                        String message = verdict(route.model(), defense, info.getModelInfo().getContextLength());
                        if (message != null) {
                            LOG.warn(message);
                        }
                    },
                    failure -> LOG.infof("route %s: could not ask its model's context length (%s); the defense"
                            + " prompt's fit is not checked", route.model(), failure.getMessage()));
        }
    }

    /** The warning for a model of {@code contextLength} tokens, or null when the defense prompt fits. */
    static String verdict(String model, long defenseTokens, int contextLength) {
        if (contextLength <= 0 || defenseTokens + PROMPT_ROOM <= contextLength) {
            return null;
        }
        return "route " + model + ": the defense prompt (about " + defenseTokens + " tokens) leaves no room in the"
                + " model's context of " + contextLength + " tokens; chats of tenants with defense_prompt on (the"
                + " default) will be refused as 400 upstream_rejected. Turn defense_prompt off in those tenants'"
                + " policies, or serve a model with a longer context.";
    }
}
