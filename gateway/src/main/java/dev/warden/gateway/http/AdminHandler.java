package dev.warden.gateway.http;

import dev.warden.gateway.admin.AdminService;
import dev.warden.gateway.metrics.Endpoint;
import dev.warden.gateway.metrics.Outcome;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** The admin API's routes ({@code /admin/*}): map HTTP to the {@link AdminService}. */
final class AdminHandler {

    private final AdminService admin;
    private final Http http;

    AdminHandler(AdminService admin, Http http) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.http = Objects.requireNonNull(http, "http");
    }

    void createKey(RoutingContext ctx) {
        run(ctx, 201, () -> admin.create(http.json().parse(ctx.body().buffer())));
    }

    void listKeys(RoutingContext ctx) {
        run(ctx, 200, () -> admin.list(Optional.ofNullable(ctx.queryParams().get("tenant")))
                .map(keys -> Map.of("object", "list", "data", keys)));
    }

    void revokeKey(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        run(ctx, 200, () -> admin.revoke(id).replaceWith(Map.of("id", id, "object", "api_key", "revoked", true)));
    }

    void policy(RoutingContext ctx) {
        run(ctx, 200, () -> admin.policy(ctx.pathParam("tenant")));
    }

    void setPolicy(RoutingContext ctx) {
        run(ctx, 200, () -> admin.setPolicy(ctx.pathParam("tenant"), http.json().parse(ctx.body().buffer())));
    }

    void audit(RoutingContext ctx) {
        run(ctx, 200, () -> {
            String count = ctx.queryParams().get("count");
            return admin.audit(count == null ? 20 : parseCount(count))
                    .map(entries -> Map.of("object", "list", "data", entries));
        });
    }

    private static int parseCount(String count) {
        try {
            return Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("count must be an integer, got '" + count + "'");
        }
    }

    /** Authorizes, runs the operation, answers with its result as JSON. */
    private void run(RoutingContext ctx, int status, Supplier<Uni<?>> operation) {
        Exchange exchange = Exchange.start(ctx, http, Endpoint.ADMIN, "req-");
        Uni.createFrom().deferred(() -> {
            admin.authorize(exchange.authorization());
            return operation.get().map(result -> (Object) result);
        }).subscribe().with(exchange.guarded(result -> {
            exchange.json(status, result);
            exchange.settle(Outcome.ALLOWED, 0, 0);
        }), exchange::fail);
    }
}
