package dev.warden.gateway.http;

import dev.warden.gateway.api.ModelList;
import dev.warden.gateway.error.NotFoundException;
import dev.warden.gateway.metrics.Endpoint;
import dev.warden.gateway.metrics.Outcome;
import dev.warden.gateway.pipeline.Admission;
import dev.warden.gateway.routing.Route;
import dev.warden.gateway.routing.RoutingTable;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{model}}: the routed models the caller's key may use
 * (authenticated, not rate-limited). A model the key may not use is reported as not found.
 */
final class ModelsHandler {

    private final RoutingTable routes;
    private final Admission admission;
    private final Http http;
    private final long created;

    /**
     * The handler.
     *
     * @param created Unix seconds shown as every model's {@code created} (when the gateway started)
     */
    ModelsHandler(RoutingTable routes, Admission admission, Http http, long created) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.http = Objects.requireNonNull(http, "http");
        this.created = created;
    }

    void list(RoutingContext ctx) {
        Exchange exchange = Exchange.start(ctx, http, Endpoint.MODELS, "req-");
        admission.authenticate(exchange.state(), exchange.authorization()).subscribe().with(exchange.guarded(caller -> {
            List<ModelList.Model> models = routes.routes().stream().filter(r -> caller.allowsModel(r.model()))
                    .map(this::card).toList();
            exchange.json(200, ModelList.of(models));
            exchange.settle(Outcome.ALLOWED, 0, 0);
        }), exchange::fail);
    }

    void one(RoutingContext ctx) {
        Exchange exchange = Exchange.start(ctx, http, Endpoint.MODELS, "req-");
        String name = ctx.pathParam("model");
        admission.authenticate(exchange.state(), exchange.authorization())
                .map(caller -> routes.route(name).filter(r -> caller.allowsModel(r.model()))
                        .orElseThrow(() -> NotFoundException.model(name)))
                .subscribe().with(exchange.guarded(route -> {
                    exchange.json(200, card(route));
                    exchange.settle(Outcome.ALLOWED, 0, 0);
                }), exchange::fail);
    }

    private ModelList.Model card(Route route) {
        return ModelList.Model.of(route.model(), created, route.ownedBy());
    }
}
