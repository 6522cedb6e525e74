package dev.warden.gateway.http;

import dev.warden.gateway.admin.AdminService;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.error.NotFoundException;
import dev.warden.gateway.error.PayloadTooLargeException;
import dev.warden.gateway.error.ProtocolException;
import dev.warden.gateway.metrics.Endpoint;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.moderation.ModerationService;
import dev.warden.gateway.pipeline.Admission;
import dev.warden.gateway.pipeline.ChatPipeline;
import dev.warden.gateway.routing.RoutingTable;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;

/**
 * Registers the gateway's HTTP API on Quarkus's Vert.x router: the OpenAI-compatible {@code /v1/*} routes and
 * the admin API. Handlers run on the event loop and never block; request bodies are read up to
 * {@code warden.gateway.limits.max-request-bytes} (413 beyond); every failure, on any path (an unknown path is
 * 404, a known path with another method 405 with {@code Allow}, a request line or headers over the limits 414
 * and 431), answers in OpenAI's error shape through the one error mapper.
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

        // every path, the gateway's and any other: arrival time, request line and header limits, failures
        router.route().order(-101).handler(ctx -> {
            ctx.put(Http.ARRIVAL, System.nanoTime());
            HttpServerRequest request = ctx.request();
            long headerBytes = 0;
            for (Map.Entry<String, String> h : request.headers()) {
                headerBytes += h.getKey().length() + h.getValue().length() + 4; // ": " and CRLF
            }
            if (request.uri().length() > config.limits().maxUriBytes()) {
                reject(ctx, ProtocolException.uriTooLong(request.uri().length(), config.limits().maxUriBytes()));
            } else if (headerBytes > config.limits().maxHeaderBytes()) {
                reject(ctx, ProtocolException.headersTooLarge(headerBytes, config.limits().maxHeaderBytes()));
            } else {
                ctx.next();
            }
        });
        router.route().failureHandler(ctx -> failure(ctx, maxBytes));
        for (String prefix : new String[] {"/v1/*", "/admin/*"}) {
            router.route(prefix).order(-99).handler(BodyHandler.create(false).setBodyLimit(maxBytes));
        }
        for (Endpoints.Route route : Endpoints.ROUTES) {
            router.route(route.method(), route.path()).handler(switch (route.name()) {
                case "chat" -> chatHandler;
                case "models" -> models::list;
                case "model" -> models::one;
                case "moderations" -> moderations::handle;
                case "create-key" -> adminHandler::createKey;
                case "list-keys" -> adminHandler::listKeys;
                case "revoke-key" -> adminHandler::revokeKey;
                case "get-policy" -> adminHandler::policy;
                case "set-policy" -> adminHandler::setPolicy;
                case "audit" -> adminHandler::audit;
                default -> throw new IllegalStateException("no handler for route " + route.name());
            });
        }
        // last: whatever no route took (Quarkus's own /q/* endpoints come before)
        router.route().order(Integer.MAX_VALUE - 1).handler(this::unmatched);
    }

    /** A path no route serves: 405 (with {@code Allow}) when it exists for other methods, else 404. */
    private void unmatched(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String path = ctx.request().path() == null ? "" : ctx.request().path();
        Set<String> allowed = Endpoints.methodsOf(path);
        reject(ctx, allowed.isEmpty() ? NotFoundException.path(method, path)
                : ProtocolException.methodNotAllowed(method, path, allowed));
    }

    private void reject(RoutingContext ctx, RuntimeException failure) {
        Exchange.start(ctx, http, endpoint(ctx), "req-").fail(failure);
    }

    /** Failures the router itself raises (body too large, a handler that threw) in OpenAI's error shape. */
    private void failure(RoutingContext ctx, int maxBytes) {
        if (ctx.response().ended()) {
            return; // answered already (a body over the limit: the body handler fails the context once per chunk)
        }
        Exchange exchange = Exchange.start(ctx, http, endpoint(ctx), "req-");
        if (ctx.statusCode() == 413) {
            exchange.fail(PayloadTooLargeException.body(maxBytes));
        } else if (ctx.failure() != null) {
            exchange.fail(ctx.failure());
        } else {
            exchange.fail(new IllegalStateException("the router failed the request with status " + ctx.statusCode()));
        }
    }

    private static Endpoint endpoint(RoutingContext ctx) {
        String path = ctx.request().path();
        return path != null && path.startsWith("/admin") ? Endpoint.ADMIN : Endpoint.CHAT;
    }
}
