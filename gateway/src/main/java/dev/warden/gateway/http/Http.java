package dev.warden.gateway.http;

import dev.warden.gateway.error.ErrorMapper;
import dev.warden.gateway.pipeline.RequestEnd;
import java.util.Objects;

/**
 * What every route handler shares: the error mapper, JSON, and request settlement.
 *
 * @param errors failures to responses
 * @param json bodies
 * @param end settles requests
 */
public record Http(ErrorMapper errors, Json json, RequestEnd end) {

    /** The routing-context key of a request's arrival time ({@link System#nanoTime()}). */
    public static final String ARRIVAL = "warden.arrival";

    /** Checks the components. */
    public Http {
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(end, "end");
    }
}
