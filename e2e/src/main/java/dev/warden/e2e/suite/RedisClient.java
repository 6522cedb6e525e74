package dev.warden.e2e.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The few Redis commands the suite needs (PING; SCAN and UNLINK to clear a key prefix; any command for tests), on
 * Jedis: a blocking client suits a command-line launcher that needs a handful of calls and no event loop. Not
 * thread-safe; one short-lived instance per use.
 */
public final class RedisClient implements AutoCloseable {

    private static final int TIMEOUT_MS = 2000;

    private final Jedis jedis;

    private RedisClient(Jedis jedis) {
        this.jedis = jedis;
    }

    /**
     * Connects to {@code host:port}.
     *
     * @throws IOException when nothing accepts the connection within 2 s
     */
    public static RedisClient connect(String host, int port) throws IOException {
        Jedis jedis = new Jedis(host, port, TIMEOUT_MS);
        try {
            jedis.connect();
            return new RedisClient(jedis);
        } catch (JedisConnectionException e) {
            jedis.close();
            throw new IOException("cannot connect to Redis at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Whether a Redis server answers PING at {@code host:port}. */
    public static boolean answers(String host, int port) {
        try (RedisClient redis = connect(host, port)) {
            return "PONG".equals(redis.command("PING"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Deletes every key starting with {@code prefix} (SCAN, then UNLINK per batch).
     *
     * @return how many keys were deleted
     * @throws IllegalArgumentException for a prefix that is empty or holds a glob character (it would match more)
     */
    public long deletePrefix(String prefix) throws IOException {
        if (prefix.isEmpty() || prefix.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\')) {
            throw new IllegalArgumentException("refusing to delete keys by the prefix '" + prefix + "'");
        }
        ScanParams match = new ScanParams().match(prefix + "*").count(1000);
        long deleted = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        try {
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                cursor = page.getCursor();
                if (!page.getResult().isEmpty()) {
                    deleted += jedis.unlink(page.getResult().toArray(String[]::new));
                }
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        } catch (JedisDataException | JedisConnectionException e) {
            throw new IOException("Redis: " + e.getMessage(), e);
        }
        return deleted;
    }

    /**
     * Sends one command and returns its reply: a String (simple or bulk string; null for a null bulk string), a
     * Long, or a List of replies.
     *
     * @throws IOException on a connection failure or an error reply (its text in the message)
     */
    public Object command(String... args) throws IOException {
        byte[] name = args[0].getBytes(StandardCharsets.UTF_8);
        ProtocolCommand command = () -> name;
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        try {
            return plain(jedis.sendCommand(command, rest));
        } catch (JedisDataException | JedisConnectionException e) {
            throw new IOException("Redis: " + e.getMessage(), e);
        }
    }

    /** Jedis' raw reply (byte arrays, longs, lists) as strings, longs and lists. */
    private static Object plain(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(i -> out.add(plain(i)));
            return out;
        }
        return reply;
    }

    @Override
    public void close() {
        jedis.close();
    }
}
