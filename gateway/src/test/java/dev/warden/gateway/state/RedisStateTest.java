package dev.warden.gateway.state;

import static dev.warden.gateway.state.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.state.StateUnavailableException.Reason;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.net.NetServer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisStateTest {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.open();

    @Test
    void scriptUnknownToTheServerFallsBackToEvalAndIsCachedForEvalsha() {
        // a script no one loaded before: EVALSHA gets NOSCRIPT, EVAL runs it and caches it
        RedisScript script = RedisScript.of("echo", "-- " + UUID.randomUUID() + "\nreturn ARGV[1] .. KEYS[1]");
        assertEquals(0L, redis.send(Request.cmd(Command.SCRIPT).arg("EXISTS").arg(script.sha1())).get(0).toLong());

        Response first = await(redis.state().eval("test", script, List.of("k"), List.of("v")));
        assertEquals("vk", first.toString());
        assertEquals(1L, redis.send(Request.cmd(Command.SCRIPT).arg("EXISTS").arg(script.sha1())).get(0).toLong());
        assertEquals("wk", await(redis.state().eval("test", script, List.of("k"), List.of("w"))).toString());
    }

    @Test
    void scriptDigestIsTheOneRedisComputes() {
        RedisScript script = RedisScript.of("one", "return 1");
        assertEquals(redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg("return 1")).toString(), script.sha1());
        assertThrows(IllegalArgumentException.class, () -> new RedisScript("one", "return 1", "0".repeat(40)));
        assertFalse(script.toString().contains("return"));
    }

    @Test
    void nilReplyIsNullAndErrorReplyIsRejected() {
        String key = redis.state().key("text");
        assertNull(await(redis.state().send("get", Request.cmd(Command.GET).arg(key))));
        redis.send(Request.cmd(Command.SET).arg(key).arg("not a number"));

        StateUnavailableException e = assertThrows(StateUnavailableException.class,
                () -> await(redis.state().send("count things", Request.cmd(Command.INCR).arg(key))));
        assertEquals(Reason.REJECTED, e.reason());
        assertEquals("count things", e.operation());
        assertEquals("Redis state unavailable for count things: REJECTED", e.getMessage());
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nobody listens there
        }
        Redis nowhere = Redis.createClient(redis.vertx(), "redis://127.0.0.1:" + port);
        try {
            RedisState state = new RedisState(nowhere, redis.namespace(), Duration.ofSeconds(5));
            StateUnavailableException e = assertThrows(StateUnavailableException.class, () -> await(state.ping()));
            assertEquals(Reason.UNREACHABLE, e.reason());
            assertEquals("ping", e.operation());
        } finally {
            nowhere.close();
        }
    }

    @Test
    void serverThatNeverAnswersTimesOut() {
        NetServer silent = redis.vertx().createNetServer().connectHandler(socket -> { })
                .listen(0).await().atMost(RedisFixture.WAIT);
        Redis client = Redis.createClient(redis.vertx(), "redis://127.0.0.1:" + silent.actualPort());
        try {
            RedisState state = new RedisState(client, redis.namespace(), Duration.ofMillis(200));
            StateUnavailableException e = assertThrows(StateUnavailableException.class,
                    () -> await(state.eval("rate limit", RedisScript.of("one", "return 1"), List.of(), List.of())));
            assertEquals(Reason.TIMEOUT, e.reason());
        } finally {
            client.close();
            silent.closeAndAwait();
        }
    }

    @Test
    void fullConnectionPoolIsOverloaded() {
        Redis tiny = Redis.createClient(redis.vertx(), new RedisOptions().setConnectionString(RedisFixture.URL)
                .setMaxPoolSize(1).setMaxPoolWaiting(0));
        try {
            RedisState state = new RedisState(tiny, redis.namespace(), Duration.ofSeconds(5));
            List<Uni<Reason>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(state.send("ping", Request.cmd(Command.PING)).map(r -> (Reason) null)
                        .onFailure(StateUnavailableException.class)
                        .recoverWithItem(t -> ((StateUnavailableException) t).reason()));
            }
            List<Reason> reasons = await(Uni.join().all(calls).andFailFast());
            assertTrue(reasons.contains(Reason.OVERLOADED), reasons.toString());
        } finally {
            tiny.close();
        }
    }

    @Test
    void emptyBatchSendsNothingAndTimeoutMustBePositive() {
        assertEquals(List.of(), await(redis.state().batch("nothing", List.of())));
        await(redis.state().ping());
        assertThrows(IllegalArgumentException.class,
                () -> new RedisState(redis.client(), redis.namespace(), Duration.ZERO));
        assertEquals(RedisState.DEFAULT_TIMEOUT, RedisState.of(redis.client()).timeout());
        assertEquals(RedisNamespace.DEFAULT, RedisState.of(redis.client()).namespace());
    }
}
