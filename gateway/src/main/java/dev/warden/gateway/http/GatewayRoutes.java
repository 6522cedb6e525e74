package dev.warden.gateway.http;

import dev.warden.gateway.admin.AdminService;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.error.NotFoundException;
import dev.warden.gateway.error.PayloadTooLargeException;
import dev.warden.gateway.metrics.Endpoint;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.moderation.ModerationService;
import dev.warden.gateway.pipeline.Admission;
import dev.warden.gateway.pipeline.ChatPipeline;
import dev.warden.gateway.routing.RoutingTable;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Registers the gateway's HTTP API on Quarkus's Vert.x router: the OpenAI-compatible {@code /v1/*} routes and
 * the admin API. Handlers run on the event loop and never block; request bodies are read up to
 * {@code warden.gateway.limits.max-request-bytes} (413 beyond); every failure, including unknown
 * {@code /v1} paths, answers in OpenAI's error shape through the one error mapper.
 */
@ApplicationScoped
public class GatewayRoutes {

    @Inject
    GatewayConfig config;
    @Inject
    Http http;
    @Inject
    ChatPipeline chat;
    @Inject
    ModerationService moderation;
    @Inject
    Admission admission;
    @Inject
    RoutingTable routes;
    @Inject
    AdminService admin;
    @Inject
    GatewayMetrics metrics;

    void register(@Observes Router router) {
        int maxBytes = config.limits().maxRequestBytes();
        ChatHandler chatHandler = new ChatHandler(chat, http, metrics);
        ModelsHandler models = new ModelsHandler(routes, admission, http, System.currentTimeMillis() / 1000);
        ModerationHandler moderations = new ModerationHandler(moderation, http);
        AdminHandler adminHandler = new AdminHandler(admin, http);

        for (String prefix : new String[] {"/v1/*", "/admin/*"}) {
            router.route(prefix).order(-100).handler(ctx -> {
                ctx.put(Http.ARRIVAL, System.nanoTime());
                ctx.next();
            });
            router.route(prefix).order(-99).handler(BodyHandler.create(false).setBodyLimit(maxBytes));
            router.route(prefix).failureHandler(ctx -> failure(ctx, maxBytes));
        }
        router.post("/v1/chat/completions").handler(chatHandler);
        router.get("/v1/models").handler(models::list);
        router.get("/v1/models/:model").handler(models::one);
        router.post("/v1/moderations").handler(moderations::handle);
        router.post("/admin/keys").handler(adminHandler::createKey);
        router.get("/admin/keys").handler(adminHandler::listKeys);
        router.delete("/admin/keys/:id").handler(adminHandler::revokeKey);
        router.get("/admin/tenants/:tenant/policy").handler(adminHandler::policy);
        router.put("/admin/tenants/:tenant/policy").handler(adminHandler::setPolicy);
        router.get("/admin/audit").handler(adminHandler::audit);
        router.route("/v1/*").order(Integer.MAX_VALUE - 1).handler(this::unknownPath);
    }

    private void unknownPath(RoutingContext ctx) {
        Exchange.start(ctx, http, Endpoint.CHAT, "req-")
                .fail(NotFoundException.path(ctx.request().method().name(), ctx.request().path()));
    }

    /** Failures the router itself raises (body too large, a handler that threw) in OpenAI's error shape. */
    private void failure(RoutingContext ctx, int maxBytes) {
        Endpoint endpoint = ctx.request().path().startsWith("/admin") ? Endpoint.ADMIN : Endpoint.CHAT;
        Exchange exchange = Exchange.start(ctx, http, endpoint, "req-");
        if (ctx.statusCode() == 413) {
            exchange.fail(PayloadTooLargeException.body(maxBytes));
        } else if (ctx.failure() != null) {
            exchange.fail(ctx.failure());
        } else {
            exchange.fail(new IllegalStateException("the router failed the request with status " + ctx.statusCode()));
        }
    }
}
