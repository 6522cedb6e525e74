package dev.warden.gateway.http;

import dev.warden.gateway.metrics.Endpoint;
import dev.warden.gateway.metrics.Outcome;
import dev.warden.gateway.moderation.ModerationService;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/** {@code POST /v1/moderations}: maps HTTP to the {@link ModerationService}. */
final class ModerationHandler {

    private final ModerationService moderation;
    private final Http http;

    ModerationHandler(ModerationService moderation, Http http) {
        this.moderation = Objects.requireNonNull(moderation, "moderation");
        this.http = Objects.requireNonNull(http, "http");
    }

    void handle(RoutingContext ctx) {
        Exchange exchange = Exchange.start(ctx, http, Endpoint.MODERATIONS, "modr-");
        moderation.moderate(exchange.state(), exchange.authorization(), () -> http.json().parse(ctx.body().buffer()))
                .subscribe().with(exchange.guarded(response -> {
                    exchange.json(200, response);
                    // the input was judged: its estimated tokens stay spent (nothing to refund)
                    exchange.settle(Outcome.ALLOWED, exchange.state().reservedTokens(), 0);
                }), exchange::fail);
    }
}
