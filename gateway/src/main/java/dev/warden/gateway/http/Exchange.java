package dev.warden.gateway.http;

import dev.warden.gateway.error.ErrorResponse;
import dev.warden.gateway.metrics.Endpoint;
import dev.warden.gateway.metrics.Outcome;
import dev.warden.gateway.pipeline.OverheadClock;
import dev.warden.gateway.pipeline.RequestEnd;
import dev.warden.gateway.pipeline.RequestState;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One HTTP request and its response: writes JSON bodies, server-sent events and errors with the headers every
 * response carries ({@code x-request-id}, the rate-limit headers, {@code x-warden-overhead-ms}), and settles
 * the request exactly once ({@link RequestEnd}). Used on the request's event loop only.
 */
final class Exchange {

    private static final Logger LOG = Logger.getLogger(Exchange.class);
    static final String OVERHEAD = "x-warden-overhead-ms";

    private final RoutingContext ctx;
    private final RequestState state;
    private final Http http;
    private boolean settled;

    private Exchange(RoutingContext ctx, RequestState state, Http http) {
        this.ctx = ctx;
        this.state = state;
        this.http = http;
    }

    /** The exchange of a request that just reached its route; {@code idPrefix} starts its id. */
    static Exchange start(RoutingContext ctx, Http http, Endpoint endpoint, String idPrefix) {
        Long t0 = ctx.get(Http.ARRIVAL);
        OverheadClock clock = new OverheadClock(t0 == null ? System.nanoTime() : t0);
        return new Exchange(ctx, new RequestState(Ids.next(idPrefix), endpoint, clock, ContextExecutor.current()), http);
    }

    RequestState state() {
        return state;
    }

    RoutingContext ctx() {
        return ctx;
    }

    HttpServerResponse response() {
        return ctx.response();
    }

    /** The request's {@code Authorization} header, or null. */
    String authorization() {
        return ctx.request().getHeader("Authorization");
    }

    /** Whether the client is gone or the response is over. */
    boolean closed() {
        return ctx.response().ended() || ctx.response().closed();
    }

    /** Sets the status and the common headers; the overhead header reads the clock now. */
    void head(int status, String contentType) {
        HttpServerResponse response = ctx.response().setStatusCode(status);
        response.putHeader("content-type", contentType);
        response.putHeader("x-request-id", state.requestId());
        state.headers().forEach(response::putHeader);
        response.putHeader(OVERHEAD, state.clock().overheadHeader());
    }

    /** Ends the response with {@code body} as JSON. */
    void json(int status, Object body) {
        if (closed()) {
            return;
        }
        Buffer json = http.json().write(body);
        head(status, "application/json");
        ctx.response().end(json);
    }

    /** Ends the response with the error {@code failure} maps to and settles the request. */
    void fail(Throwable failure) {
        ErrorResponse error = http.errors().map(failure);
        log(error, failure);
        if (!closed() && !ctx.response().headWritten()) {
            Buffer body = http.json().write(error.error().body());
            head(error.status(), "application/json");
            for (Map.Entry<String, String> h : error.headers().entrySet()) {
                ctx.response().putHeader(h.getKey(), h.getValue());
            }
            ctx.response().end(body);
        } else if (!closed()) {
            // a stream already started: OpenAI's in-stream error event, then the end
            ctx.response().end(http.json().event(error.error().body()));
        }
        settle(Outcome.of(error), 0, 0);
    }

    /**
     * {@code action} as a subscriber callback whose own failure still ends the response (an exception thrown
     * in a Mutiny item callback would otherwise be lost).
     */
    <T> Consumer<T> guarded(Consumer<T> action) {
        return item -> {
            try {
                action.accept(item);
            } catch (RuntimeException e) {
                fail(e);
            }
        };
    }

    /** {@code action} as a completion callback whose own failure still ends the response. */
    Runnable guarded(Runnable action) {
        return () -> guarded(ignored -> action.run()).accept(null);
    }

    /** Settles the request once: metrics, refund, audit. */
    void settle(Outcome outcome, long promptTokens, long completionTokens) {
        if (!settled) {
            settled = true;
            http.end().settle(state, outcome, promptTokens, completionTokens);
        }
    }

    /** Whether the request was settled. */
    boolean settled() {
        return settled;
    }

    private void log(ErrorResponse error, Throwable failure) {
        if (error.status() == 500) {
            LOG.errorf(failure, "request %s failed", state.requestId());
        } else if (error.serverSide()) {
            LOG.warnf("request %s: %d %s: %s", state.requestId(), error.status(), error.error().code(),
                    failure.getMessage());
        } else if (LOG.isDebugEnabled()) {
            LOG.debugf("request %s: %d %s", state.requestId(), error.status(), error.error().code());
        }
    }
}
