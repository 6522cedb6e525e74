package dev.warden.gateway.ratelimit;

import static dev.warden.gateway.state.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.state.RedisFixture;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimiterTest {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.open();
    private static final RateLimiter limiter = new RateLimiter(redis.state());

    private static String freshKey() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Test
    void freshKeyStartsWithFullBucketsAndTakesOneRequestAndItsTokens() {
        RateDecision d = await(limiter.acquire(freshKey(), 100, 10_000, 250));
        assertTrue(d.allowed());
        assertEquals(100, d.limitRequests());
        assertEquals(99, d.remainingRequests());
        assertEquals(10_000, d.limitTokens());
        assertEquals(9_750, d.remainingTokens());
        assertEquals(Duration.ZERO, d.retryAfter());
        // 1 request of 100/min comes back in 0.6 s; 250 tokens of 10,000/min in 1.5 s
        assertTrue(d.resetRequests().toMillis() > 500 && d.resetRequests().toMillis() <= 600, d.toString());
        assertTrue(d.resetTokens().toMillis() > 1400 && d.resetTokens().toMillis() <= 1500, d.toString());
    }

    @Test
    void exhaustedRequestBucketDeniesWithRetryAfter() {
        String key = freshKey();
        for (int i = 0; i < 5; i++) {
            assertTrue(await(limiter.acquire(key, 5, 1000, 1)).allowed(), "request " + i);
        }
        RateDecision denied = await(limiter.acquire(key, 5, 1000, 1));
        assertFalse(denied.allowed());
        assertEquals(0, denied.remainingRequests());
        // one request of 5/min refills in 12 s, minus the little time the test took
        assertTrue(denied.retryAfter().toMillis() > 10_000 && denied.retryAfter().toMillis() <= 12_000,
                denied.toString());
        assertEquals("12", denied.headers().get("retry-after"));
        // 5 tokens taken, the denied request took none; up to 5 may have refilled (16.7 per second)
        assertTrue(denied.remainingTokens() >= 995, denied.toString());
    }

    @Test
    void deniedRequestTakesNothingFromEitherBucket() {
        String key = freshKey();
        // 100 tokens per minute refill 1.7 per second: a slow machine may see one more token than taken
        assertEquals(20, await(limiter.acquire(key, 10, 100, 80)).remainingTokens());
        RateDecision denied = await(limiter.acquire(key, 10, 100, 50));
        assertFalse(denied.allowed());
        assertEquals(9, denied.remainingRequests(), "no request taken");
        assertTrue(denied.remainingTokens() == 20 || denied.remainingTokens() == 21, "no token taken: " + denied);
        // the 50 tokens asked for are 30 short: 30 of 100/min refill in 18 s
        assertTrue(denied.retryAfter().toMillis() > 17_000 && denied.retryAfter().toMillis() <= 18_000,
                denied.toString());
        RateDecision fits = await(limiter.acquire(key, 10, 100, 20));
        assertTrue(fits.allowed());
        assertEquals(8, fits.remainingRequests());
        assertTrue(fits.remainingTokens() <= 1, fits.toString());
    }

    @Test
    void refundReturnsUnusedTokensUpToTheLimit() {
        String key = freshKey();
        assertTrue(await(limiter.acquire(key, 10, 100, 80)).allowed());
        await(limiter.refund(key, 100, 60));
        RateDecision after = await(limiter.acquire(key, 10, 100, 70));
        assertTrue(after.allowed(), after.toString());
        assertTrue(after.remainingTokens() == 10 || after.remainingTokens() == 11, after.toString());

        await(limiter.refund(key, 100, 1_000));
        assertEquals(100, await(limiter.acquire(key, 10, 100, 0)).remainingTokens(), "capped at the limit");
    }

    @Test
    void refundOnAFullBucketCreatesNothing() {
        String key = freshKey();
        await(limiter.refund(key, 100, 50));
        assertEquals(0L, redis.send(Request.cmd(Command.EXISTS).arg(redis.state().key("ratelimit", key))).toLong());
        await(limiter.refund(key, 100, 0));
    }

    @Test
    void bucketsRefillContinuously() throws InterruptedException {
        String key = freshKey();
        // 60,000 tokens per minute = 1,000 per second
        assertTrue(await(limiter.acquire(key, 1000, 60_000, 60_000)).allowed());
        RateDecision empty = await(limiter.acquire(key, 1000, 60_000, 500));
        assertFalse(empty.allowed());
        Thread.sleep(Math.max(600, empty.retryAfter().toMillis() + 100));
        assertTrue(await(limiter.acquire(key, 1000, 60_000, 500)).allowed());
    }

    @Test
    void loweredLimitCutsTheBucketDown() {
        String key = freshKey();
        assertEquals(99, await(limiter.acquire(key, 100, 1000, 1)).remainingRequests());
        RateDecision lowered = await(limiter.acquire(key, 10, 1000, 1));
        assertTrue(lowered.allowed());
        assertEquals(9, lowered.remainingRequests());
    }

    @Test
    void bucketExpiresOnceItWouldBeFull() {
        String key = freshKey();
        await(limiter.acquire(key, 60, 1000, 10));
        long ttl = redis.send(Request.cmd(Command.PTTL).arg(redis.state().key("ratelimit", key))).toLong();
        // 1 request of 60/min refills in 1 s, 10 tokens of 1000/min in 0.6 s; plus 1 s of margin
        assertTrue(ttl > 1_500 && ttl <= 2_000, "ttl " + ttl);
    }

    @Test
    void badArgumentsAreRejected() {
        RequestTooLargeException tooLarge = assertThrows(RequestTooLargeException.class,
                () -> limiter.acquire("k", 10, 100, 101));
        assertEquals(101, tooLarge.tokens());
        assertEquals(100, tooLarge.tokensPerMinute());
        assertTrue(tooLarge instanceof IllegalArgumentException);
        assertThrows(IllegalArgumentException.class, () -> limiter.acquire("k", 0, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> limiter.acquire("k", 10, -5, 1));
        assertThrows(IllegalArgumentException.class, () -> limiter.acquire("k", 10, 100, -1));
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> limiter.acquire("a:b", 10, 100, 1));
        assertTrue(key.getMessage().startsWith("keyId must be"), key.getMessage());
        assertThrows(IllegalArgumentException.class, () -> limiter.refund("k", 100, -1));
        assertThrows(IllegalArgumentException.class, () -> limiter.refund("k", 0, 1));
    }
}
