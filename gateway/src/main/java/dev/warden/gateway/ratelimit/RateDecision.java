package dev.warden.gateway.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link RateLimiter#acquire}: admitted or not, and the state of both buckets afterwards.
 *
 * @param allowed whether the request was admitted (a denied request took nothing from either bucket)
 * @param limitRequests requests per minute of the key
 * @param remainingRequests whole requests left in the bucket
 * @param limitTokens tokens per minute of the key
 * @param remainingTokens whole tokens left in the bucket
 * @param resetRequests time until the request bucket is full again
 * @param resetTokens time until the token bucket is full again
 * @param retryAfter when denied, time until the same request would be admitted; zero when allowed
 */
public record RateDecision(boolean allowed, long limitRequests, long remainingRequests, long limitTokens,
                           long remainingTokens, Duration resetRequests, Duration resetTokens,
                           Duration retryAfter) {

    /** Checks that counts are non-negative and durations present and non-negative. */
    public RateDecision {
        if (limitRequests <= 0 || limitTokens <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + limitRequests + ", " + limitTokens);
        }
        if (remainingRequests < 0 || remainingTokens < 0) {
            throw new IllegalArgumentException("remaining counts must be >= 0: " + remainingRequests + ", "
                    + remainingTokens);
        }
        requireNonNegative("resetRequests", resetRequests);
        requireNonNegative("resetTokens", resetTokens);
        requireNonNegative("retryAfter", retryAfter);
    }

    /**
     * The OpenAI-style response headers, in this order: {@code x-ratelimit-limit-requests},
     * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests},
     * {@code x-ratelimit-limit-tokens}, {@code x-ratelimit-remaining-tokens}, {@code x-ratelimit-reset-tokens},
     * and when denied {@code retry-after} (whole seconds, rounded up, at least 1). Resets read like OpenAI's:
     * {@code 250ms}, {@code 12s}, {@code 1m0s}.
     */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-limit-requests", Long.toString(limitRequests));
        headers.put("x-ratelimit-remaining-requests", Long.toString(remainingRequests));
        headers.put("x-ratelimit-reset-requests", format(resetRequests));
        headers.put("x-ratelimit-limit-tokens", Long.toString(limitTokens));
        headers.put("x-ratelimit-remaining-tokens", Long.toString(remainingTokens));
        headers.put("x-ratelimit-reset-tokens", format(resetTokens));
        if (!allowed) {
            headers.put("retry-after", Long.toString(retryAfterSeconds()));
        }
        return headers;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1 (the {@code retry-after} header). */
    public long retryAfterSeconds() {
        return Math.max(1, ceilSeconds(retryAfter));
    }

    /** A duration as OpenAI writes resets: milliseconds under a second, else seconds (rounded up) and minutes. */
    static String format(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = d.toNanos();
            return ((nanos + 999_999) / 1_000_000) + "ms";
        }
        long seconds = ceilSeconds(d);
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
    }

    private static long ceilSeconds(Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }

    private static void requireNonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }
}
