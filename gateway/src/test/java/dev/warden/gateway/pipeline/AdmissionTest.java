package dev.warden.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.auth.ApiKey;
import dev.warden.gateway.auth.Authenticated;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.error.AuthenticationException;
import dev.warden.gateway.metrics.Endpoint;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.ratelimit.RateLimiter;
import dev.warden.gateway.state.RedisNamespace;
import dev.warden.gateway.state.RedisState;
import dev.warden.gateway.state.StateUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Authentication and rate limiting when Redis cannot be reached (a closed port on loopback). */
class AdmissionTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Redis DOWN = Redis.createClient(VERTX, new RedisOptions()
            .setConnectionString("redis://127.0.0.1:" + closedPort()));
    private static final RedisState STATE = new RedisState(DOWN, RedisNamespace.DEFAULT, Duration.ofSeconds(2));
    private final AuthCache cache = new AuthCache(Duration.ofMinutes(1), 10);
    private final Admission admission = new Admission(new KeyStore(STATE), cache, new RateLimiter(STATE),
            new GatewayMetrics(new SimpleMeterRegistry()));

    @AfterAll
    static void close() {
        DOWN.close();
        VERTX.closeAndAwait();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestState state() {
        return new RequestState("req-a", Endpoint.CHAT, new OverheadClock(), Runnable::run);
    }

    private static Authenticated caller(TenantPolicy policy) {
        return new Authenticated(new ApiKey("00000000000000ab", "t1", Set.of(), Instant.EPOCH, false), policy);
    }

    private static Throwable failure(Uni<?> uni) {
        return uni.onItem().transform(item -> (Throwable) null).onFailure().recoverWithItem(t -> t)
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void withoutABearerKeyAuthenticationFailsBeforeRedis() {
        assertInstanceOf(AuthenticationException.class, failure(admission.authenticate(state(), null)));
        assertInstanceOf(AuthenticationException.class, failure(admission.authenticate(state(), "Basic abc")));
        assertEquals("wk-x", Admission.bearer("bearer  wk-x "));
        assertNull(Admission.bearer("Bearer "));
    }

    @Test
    void redisDownFailsAuthenticationWith503() {
        String key = "wk-0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertInstanceOf(StateUnavailableException.class, failure(admission.authenticate(state(), "Bearer " + key)));
    }

    @Test
    void aCachedAuthenticationSurvivesARedisOutage() {
        Authenticated caller = caller(TenantPolicy.defaults());
        cache.put("wk-cached", caller);
        assertSame(caller, admission.authenticate(state(), "Bearer wk-cached").await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void redisDownAtTheRateLimiterFailsClosedByDefault() {
        RequestState state = state();
        state.caller(caller(TenantPolicy.defaults()));
        assertInstanceOf(StateUnavailableException.class, failure(admission.admit(state, 10)));
    }

    @Test
    void redisDownAtTheRateLimiterFailsOpenForAFailOpenTenant() {
        RequestState state = state();
        state.caller(caller(TenantPolicy.builder().failOpen(true).build()));
        admission.admit(state, 10).await().atMost(Duration.ofSeconds(10));
        assertTrue(state.railsFired().contains("ratelimit:fail-open"));
        assertNull(state.rate(), "no rate decision, no rate headers");
        assertEquals(0, state.reservedTokens());
    }
}
