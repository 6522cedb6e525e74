package dev.warden.gateway.error;

import dev.warden.gateway.ratelimit.RateDecision;
import java.util.Objects;

/**
 * The key's request or token bucket is empty: HTTP 429 with {@code Retry-After} and the
 * {@code x-ratelimit-*} headers of the {@link RateDecision}; type {@code requests} or {@code tokens} (as
 * OpenAI names the limit hit), code {@code rate_limit_exceeded}.
 */
public final class RateLimitedException extends GatewayException {

    private static final long serialVersionUID = 1L;

    private final transient RateDecision decision;

    /** The request was denied by {@code decision} (not allowed). */
    public RateLimitedException(RateDecision decision) {
        super(message(decision), "rate_limit_exceeded", null, null);
        this.decision = Objects.requireNonNull(decision, "decision");
        if (decision.allowed()) {
            throw new IllegalArgumentException("the decision admitted the request");
        }
    }

    /** The denying decision. */
    public RateDecision decision() {
        return decision;
    }

    /** {@code requests} when the request bucket is empty, else {@code tokens}. */
    public String limitType() {
        return decision.remainingRequests() == 0 ? "requests" : "tokens";
    }

    private static String message(RateDecision d) {
        String which = d.remainingRequests() == 0
                ? "requests per minute (limit " + d.limitRequests() + ")"
                : "tokens per minute (limit " + d.limitTokens() + ", remaining " + d.remainingTokens() + ")";
        return "rate limit reached for " + which + ": try again in " + d.retryAfterSeconds() + "s";
    }
}
