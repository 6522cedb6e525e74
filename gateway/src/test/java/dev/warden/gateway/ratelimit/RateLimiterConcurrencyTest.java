package dev.warden.gateway.ratelimit;

import static dev.warden.gateway.state.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.state.RedisFixture;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactness under concurrency: 50 clients on 2 independent Redis clients (two gateway replicas) hammer one
 * key; the buckets admit exactly their capacity plus what refilled while the test ran.
 */
class RateLimiterConcurrencyTest {

    private static final int CLIENTS = 50;
    private static final int ATTEMPTS_PER_CLIENT = 12;
    private static final long LIMIT = 200;

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.open();

    @Test
    void twoReplicasAdmitTheLimitAndNoMore() {
        RateLimiter replicaA = new RateLimiter(redis.state(redis.newClient()));
        RateLimiter replicaB = new RateLimiter(redis.state(redis.newClient()));
        // warm both script caches and connections on another key, so the measured burst is short
        await(replicaA.acquire("warmup", LIMIT, 1_000_000, 1));
        await(replicaB.acquire("warmup", LIMIT, 1_000_000, 1));

        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger denied = new AtomicInteger();
        List<Uni<Void>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            RateLimiter replica = c % 2 == 0 ? replicaA : replicaB;
            clients.add(loop(replica, ATTEMPTS_PER_CLIENT, admitted, denied));
        }
        long start = System.nanoTime();
        await(Uni.join().all(clients).andFailFast());
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(CLIENTS * ATTEMPTS_PER_CLIENT, admitted.get() + denied.get());
        // requests that refilled while the burst ran (200/min = 3.3/s) are legitimately admitted too
        long refilled = (long) Math.ceil(seconds * LIMIT / 60.0);
        long tolerance = LIMIT / 100; // 1%
        assertTrue(admitted.get() <= LIMIT + tolerance + refilled,
                "admitted " + admitted + " in " + seconds + " s, limit " + LIMIT);
        assertTrue(admitted.get() >= LIMIT - tolerance, "admitted " + admitted + ", limit " + LIMIT);
        System.out.printf("concurrency: %d clients on 2 Redis clients admitted %d of %d (limit %d) in %.3f s%n",
                CLIENTS, admitted.get(), CLIENTS * ATTEMPTS_PER_CLIENT, LIMIT, seconds);
    }

    /** One client: {@code attempts} acquires one after the other. */
    private static Uni<Void> loop(RateLimiter limiter, int attempts, AtomicInteger admitted, AtomicInteger denied) {
        if (attempts == 0) {
            return Uni.createFrom().voidItem();
        }
        return limiter.acquire("shared", LIMIT, 1_000_000, 10)
                .invoke(d -> (d.allowed() ? admitted : denied).incrementAndGet())
                .flatMap(d -> loop(limiter, attempts - 1, admitted, denied));
    }
}
