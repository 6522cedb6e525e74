package dev.warden.e2e.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Against the real Redis on 127.0.0.1:6379, under keys of this test only. */
class RedisClientTest {

    private final String prefix = "warden-e2e-unit-" + UUID.randomUUID() + ":";

    @Test
    void deletesExactlyTheKeysUnderAPrefix() throws IOException {
        try (RedisClient redis = RedisClient.connect("127.0.0.1", 6379)) {
            for (int i = 0; i < 1500; i++) {
                redis.command("SET", prefix + "a:" + i, "v");
            }
            redis.command("SET", prefix + "b", "kept");
            assertEquals(1500L, redis.deletePrefix(prefix + "a:"));
            assertNull(redis.command("GET", prefix + "a:7"));
            assertEquals("kept", redis.command("GET", prefix + "b"));
            assertEquals(1L, redis.deletePrefix(prefix));
        }
    }

    @Test
    void refusesAPrefixThatWouldMatchMore() throws IOException {
        try (RedisClient redis = RedisClient.connect("127.0.0.1", 6379)) {
            assertThrows(IllegalArgumentException.class, () -> redis.deletePrefix(""));
            assertThrows(IllegalArgumentException.class, () -> redis.deletePrefix("warden*"));
        }
    }

    @Test
    void errorRepliesBecomeExceptionsAndPingFindsTheServer() throws IOException {
        assertTrue(RedisClient.answers("127.0.0.1", 6379));
        assertFalse(RedisClient.answers("127.0.0.1", SuitePorts.freePort()));
        try (RedisClient redis = RedisClient.connect("127.0.0.1", 6379)) {
            IOException e = assertThrows(IOException.class, () -> redis.command("NO-SUCH-COMMAND"));
            assertTrue(e.getMessage().startsWith("Redis: ERR"), e.getMessage());
            assertEquals("PONG", redis.command("PING"), "the connection is still in step after an error");
        }
    }
}
