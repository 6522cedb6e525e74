package dev.warden.gateway.ratelimit;

import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.state.RedisNamespace;
import dev.warden.gateway.state.RedisScript;
import dev.warden.gateway.state.RedisState;
import dev.warden.gateway.state.StateUnavailableException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Token-bucket rate limits in Redis, per key: a bucket of {@code requestsPerMinute} requests and one of
 * {@code tokensPerMinute} tokens, each refilled continuously at its limit per minute and starting full.
 * One Lua script does the refill, the check and the take atomically on the Redis server's clock, so any
 * number of gateway replicas share exact limits. The limits travel with each call (they come from the
 * tenant's policy), so a policy change applies at the next request; a bucket above a lowered limit is cut
 * down to it. Bucket hashes expire once they would be full again.
 *
 * <p>Asynchronous and non-blocking; Redis failures fail the {@link Uni} with
 * {@link StateUnavailableException}, bad arguments throw {@link IllegalArgumentException} before anything
 * is sent. Thread-safe.
 */
public final class RateLimiter {

    private static final RedisScript BUCKET = RedisScript.fromResource(RateLimiter.class, "token_bucket.lua");

    private final RedisState state;

    /** A limiter whose buckets live in {@code state}'s namespace under {@code ratelimit:<keyId>}. */
    public RateLimiter(RedisState state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * Admits one request of {@code tokens} tokens (prompt plus the most the completion may use) for
     * {@code keyId}, or denies it and takes nothing.
     *
     * @param keyId the key's id (1 to 64 characters of {@code A-Z a-z 0-9 _ . -})
     * @param requestsPerMinute the key's request limit, 1 to {@code 10^12}
     * @param tokensPerMinute the key's token limit, 1 to {@code 10^12}
     * @param tokens the tokens to reserve, 0 to {@code tokensPerMinute}
     * @throws RequestTooLargeException when {@code tokens > tokensPerMinute} (no wait would admit it)
     * @throws IllegalArgumentException for any other bad argument
     */
    public Uni<RateDecision> acquire(String keyId, long requestsPerMinute, long tokensPerMinute, long tokens) {
        String bucket = bucketKey(keyId);
        TenantPolicy.requireLimit("requestsPerMinute", requestsPerMinute);
        TenantPolicy.requireLimit("tokensPerMinute", tokensPerMinute);
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must be >= 0, got " + tokens);
        }
        if (tokens > tokensPerMinute) {
            throw new RequestTooLargeException(tokens, tokensPerMinute);
        }
        return state.eval("rate limit", BUCKET, List.of(bucket), List.of("acquire",
                        Long.toString(requestsPerMinute), Long.toString(tokensPerMinute), Long.toString(tokens)))
                .map(reply -> decision(reply, requestsPerMinute, tokensPerMinute));
    }

    /**
     * Returns tokens reserved by {@link #acquire} but not used (the completion was shorter than its
     * maximum). The bucket never exceeds its limit.
     *
     * @param tokensPerMinute the key's token limit, as passed to acquire
     * @param unusedTokens tokens to give back, {@code >= 0} (0 sends nothing)
     */
    public Uni<Void> refund(String keyId, long tokensPerMinute, long unusedTokens) {
        String bucket = bucketKey(keyId);
        TenantPolicy.requireLimit("tokensPerMinute", tokensPerMinute);
        if (unusedTokens < 0) {
            throw new IllegalArgumentException("unusedTokens must be >= 0, got " + unusedTokens);
        }
        if (unusedTokens == 0) {
            return Uni.createFrom().voidItem();
        }
        return state.eval("rate limit refund", BUCKET, List.of(bucket),
                        List.of("refund", Long.toString(tokensPerMinute), Long.toString(unusedTokens)))
                .replaceWithVoid();
    }

    private String bucketKey(String keyId) {
        return state.key("ratelimit", RedisNamespace.requireSegment("keyId", keyId));
    }

    private static RateDecision decision(Response reply, long requestsPerMinute, long tokensPerMinute) {
        return new RateDecision(reply.get(0).toLong() == 1L, requestsPerMinute, reply.get(1).toLong(),
                tokensPerMinute, reply.get(2).toLong(), micros(reply.get(3)), micros(reply.get(4)),
                micros(reply.get(5)));
    }

    private static Duration micros(Response value) {
        return Duration.ofNanos(value.toLong() * 1_000L);
    }
}
