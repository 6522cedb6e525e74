package dev.warden.gateway.metrics;

import dev.warden.gateway.error.ErrorResponse;
import java.util.Locale;

/** How a request ended; the {@code outcome} tag of {@code warden_gateway_requests_total}. */
public enum Outcome {
    /** Served. */
    ALLOWED,
    /** The input rails blocked the prompt (400 content_filter). */
    BLOCKED,
    /** The output rails cut the response (finish_reason content_filter). */
    CUT,
    /** The client went away before the response was complete. */
    CANCELLED,
    /** 400: an invalid request. */
    INVALID,
    /** 401: no key, or a bad one. */
    UNAUTHORIZED,
    /** 403: the key may not use the model. */
    FORBIDDEN,
    /** 404: an unknown model or path. */
    NOT_FOUND,
    /** 413: too large. */
    TOO_LARGE,
    /** 429: rate limited. */
    RATE_LIMITED,
    /** 503: a dependency was unavailable. */
    UNAVAILABLE,
    /** 500: a failure nobody anticipated. */
    ERROR;

    /** The tag value: the lowercase name. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome an error response stands for. */
    public static Outcome of(ErrorResponse error) {
        return switch (error.status()) {
            case 400 -> "content_filter".equals(error.error().code()) ? BLOCKED : INVALID;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 413 -> TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            default -> error.status() < 500 ? INVALID : ERROR;
        };
    }
}
