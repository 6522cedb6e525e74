package dev.warden.gateway.error;

import java.time.Duration;
import java.util.Objects;

/**
 * A dependency the request needs is unavailable and the tenant's policy fails closed (or the dependency is
 * inference, which cannot fail open): HTTP 503 with {@code Retry-After}, type {@code server_error}.
 */
public final class UpstreamUnavailableException extends GatewayException {

    private static final long serialVersionUID = 1L;

    private final String dependency;

    /**
     * An unavailable dependency.
     *
     * @param dependency {@code inference}, {@code judge} or {@code redis}
     * @param message what could not be done
     */
    public UpstreamUnavailableException(String dependency, String message, Throwable cause) {
        super(message, dependency + "_unavailable", null, cause);
        this.dependency = Objects.requireNonNull(dependency, "dependency");
    }

    /** {@code inference}, {@code judge} or {@code redis}. */
    public String dependency() {
        return dependency;
    }

    /** The conventional wait before a retry, for messages: {@code retryAfter} in whole seconds, at least 1. */
    public static long seconds(Duration retryAfter) {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
