package dev.warden.gateway.pipeline;

import dev.warden.gateway.auth.Authenticated;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.error.AuthenticationException;
import dev.warden.gateway.error.RateLimitedException;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.ratelimit.RateLimiter;
import dev.warden.gateway.state.StateUnavailableException;
import io.smallrye.mutiny.Uni;
import java.util.Locale;
import java.util.Objects;

/**
 * The first two steps of every API request: authentication (a bearer API key checked against Redis, or found in
 * the {@link AuthCache}) and rate
 * limiting (the key's token buckets, with the tenant's limits), and the settlement at the end (unused tokens
 * refunded). Redis being unavailable fails authentication (no tenant, no policy: 503); at the rate limiter
 * it applies the tenant's policy: fail closed (503) or open (the request proceeds unlimited, recorded as
 * {@code ratelimit:fail-open}).
 */
public final class Admission {

    private static final String BEARER = "bearer ";

    private final KeyStore keys;
    private final AuthCache cache;
    private final RateLimiter limiter;
    private final GatewayMetrics metrics;

    /** Admission over the key store (through {@code cache}) and the rate limiter. */
    public Admission(KeyStore keys, AuthCache cache, RateLimiter limiter, GatewayMetrics metrics) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Authenticates the {@code Authorization} header's bearer key and records the caller in {@code state}.
     *
     * @param authorization the header's value, or null
     * @throws AuthenticationException (in the Uni) when there is no bearer key or it does not authenticate
     */
    public Uni<Authenticated> authenticate(RequestState state, String authorization) {
        String key = bearer(authorization);
        if (key == null) {
            return Uni.createFrom().failure(AuthenticationException.missing());
        }
        Authenticated cached = cache.get(key);
        if (cached != null) {
            state.caller(cached);
            return Uni.createFrom().item(cached);
        }
        return keys.authenticate(key).map(found -> {
            Authenticated caller = found.orElseThrow(AuthenticationException::invalid);
            cache.put(key, caller);
            state.caller(caller);
            return caller;
        });
    }

    /**
     * Takes one request and {@code tokens} tokens from the caller's buckets; the decision's headers join the
     * request's headers.
     *
     * @throws RateLimitedException (in the Uni) when a bucket is empty
     * @throws dev.warden.gateway.ratelimit.RequestTooLargeException (in the Uni) when {@code tokens} exceeds
     *     the key's per-minute limit
     */
    public Uni<Void> admit(RequestState state, long tokens) {
        Authenticated caller = Objects.requireNonNull(state.caller(), "authenticate first");
        TenantPolicy policy = caller.policy();
        return Uni.createFrom().deferred(() -> limiter.acquire(caller.key().keyId(), policy.requestsPerMinute(),
                        policy.tokensPerMinute(), tokens))
                .invoke(decision -> {
                    if (!decision.allowed()) {
                        state.admitted(decision, 0);
                        throw new RateLimitedException(decision);
                    }
                    state.admitted(decision, tokens);
                })
                .replaceWithVoid()
                .onFailure(StateUnavailableException.class).recoverWithUni(failure -> {
                    if (!policy.failOpen()) {
                        return Uni.createFrom().failure(failure);
                    }
                    metrics.failOpen("redis");
                    state.railFired("ratelimit:fail-open");
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Gives back the reserved tokens the request did not use. Never fails (a refund lost to a Redis outage only
     * makes the limit stricter for a while).
     *
     * @param usedTokens prompt plus completion tokens actually used (0 when nothing was generated)
     */
    public Uni<Void> settle(RequestState state, long usedTokens) {
        Authenticated caller = state.caller();
        long unused = state.reservedTokens() - Math.max(0, usedTokens);
        if (caller == null || unused <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> limiter.refund(caller.key().keyId(),
                        caller.policy().tokensPerMinute(), unused))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The key of a {@code Bearer} header (scheme case-insensitive), or null. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        String key = authorization.substring(BEARER.length()).strip();
        return key.isEmpty() ? null : key;
    }
}
