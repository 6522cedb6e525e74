package dev.warden.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.audit.AuditAction;
import dev.warden.gateway.audit.AuditEvent;
import dev.warden.gateway.audit.AuditLog;
import dev.warden.gateway.auth.Authenticated;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.ratelimit.RateDecision;
import dev.warden.gateway.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request path's state calls run on a Vert.x event loop from start to end: started there, each step
 * completes there, and none blocks (Mutiny refuses to block an event-loop thread during the test).
 */
class NonBlockingTest {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.open();
    private static BooleanSupplier previous;

    @BeforeAll
    static void refuseBlockingOnEventLoops() {
        previous = Infrastructure.canCallerThreadBeBlocked() ? () -> true : () -> false;
        Infrastructure.setCanCallerThreadBeBlockedSupplier(() -> !Context.isOnEventLoopThread());
    }

    @AfterAll
    static void restore() {
        Infrastructure.setCanCallerThreadBeBlockedSupplier(previous);
    }

    @Test
    void authenticateRateLimitAndAuditStayOnTheEventLoop() throws Exception {
        KeyStore keys = new KeyStore(redis.state());
        RateLimiter limiter = new RateLimiter(redis.state());
        AuditLog audit = new AuditLog(redis.state());
        String secret = RedisFixture.await(keys.create("loop", Set.of())).secret();

        List<String> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<RateDecision> done = new CompletableFuture<>();
        redis.vertx().getOrCreateContext().runOnContext(() -> {
            threads.add(Thread.currentThread().getName());
            Uni<RateDecision> path = keys.authenticate(secret)
                    .invoke(a -> threads.add(Thread.currentThread().getName()))
                    .map(a -> a.orElseThrow())
                    .flatMap((Authenticated a) -> limiter.acquire(a.key().keyId(),
                            a.policy().requestsPerMinute(), a.policy().tokensPerMinute(), 100)
                            .invoke(d -> threads.add(Thread.currentThread().getName()))
                            .call(d -> audit.record(AuditEvent.builder("loop-1", AuditAction.ALLOWED)
                                    .tenant(a.tenant()).keyId(a.key().keyId()).build())));
            path.invoke(d -> threads.add(Thread.currentThread().getName()))
                    .subscribe().with(done::complete, done::completeExceptionally);
        });

        assertTrue(done.get(10, TimeUnit.SECONDS).allowed());
        assertEquals(4, threads.size());
        for (String thread : threads) {
            assertTrue(thread.startsWith("vert.x-eventloop-thread"), threads.toString());
        }
    }
}
