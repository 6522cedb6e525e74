package dev.warden.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateDecisionTest {

    @Test
    void allowedDecisionHasSixHeadersInOpenAiOrder() {
        RateDecision d = new RateDecision(true, 60, 59, 1000, 900, Duration.ofSeconds(1), Duration.ofMillis(6000),
                Duration.ZERO);
        Map<String, String> headers = d.headers();
        assertEquals(List.of("x-ratelimit-limit-requests", "x-ratelimit-remaining-requests",
                "x-ratelimit-reset-requests", "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens",
                "x-ratelimit-reset-tokens"), List.copyOf(headers.keySet()));
        assertEquals("60", headers.get("x-ratelimit-limit-requests"));
        assertEquals("59", headers.get("x-ratelimit-remaining-requests"));
        assertEquals("1s", headers.get("x-ratelimit-reset-requests"));
        assertEquals("900", headers.get("x-ratelimit-remaining-tokens"));
        assertEquals("6s", headers.get("x-ratelimit-reset-tokens"));
    }

    @Test
    void deniedDecisionAddsRetryAfterInWholeSecondsRoundedUp() {
        RateDecision d = new RateDecision(false, 5, 0, 100, 100, Duration.ofSeconds(60), Duration.ZERO,
                Duration.ofMillis(11_200));
        assertEquals("12", d.headers().get("retry-after"));
        assertEquals(12, d.retryAfterSeconds());
        RateDecision soon = new RateDecision(false, 5, 0, 100, 100, Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofMillis(3));
        assertEquals("1", soon.headers().get("retry-after"), "never 0");
    }

    @Test
    void resetsReadLikeOpenAis() {
        assertEquals("0ms", RateDecision.format(Duration.ZERO));
        assertEquals("1ms", RateDecision.format(Duration.ofNanos(1)));
        assertEquals("250ms", RateDecision.format(Duration.ofMillis(250)));
        assertEquals("2s", RateDecision.format(Duration.ofMillis(1001)));
        assertEquals("59s", RateDecision.format(Duration.ofSeconds(59)));
        assertEquals("1m0s", RateDecision.format(Duration.ofMillis(59_500)));
        assertEquals("1m30s", RateDecision.format(Duration.ofSeconds(90)));
    }

    @Test
    void rejectsImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new RateDecision(true, 0, 0, 1, 0, Duration.ZERO,
                Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RateDecision(true, 1, -1, 1, 0, Duration.ZERO,
                Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RateDecision(true, 1, 0, 1, 0, Duration.ofSeconds(-1),
                Duration.ZERO, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> new RateDecision(true, 1, 0, 1, 0, Duration.ZERO,
                Duration.ZERO, null));
    }
}
