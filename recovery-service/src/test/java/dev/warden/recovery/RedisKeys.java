package dev.warden.recovery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real Redis on 127.0.0.1:6379 seen from outside the application under test, over the Vert.x Redis client
 * Quarkus itself uses: a fresh key prefix per test run and the clean-up of its keys once the application (or the
 * service processes) stopped. The core (callback) API, not Mutiny's: clean-up runs after Quarkus stopped, when
 * Mutiny's context propagation is gone.
 */
public final class RedisKeys {

    /** Where the test Redis listens. */
    public static final String URL = "redis://127.0.0.1:6379";
    private static final long WAIT_SECONDS = 10;

    private RedisKeys() {
    }

    /** A key prefix no other test run uses: {@code wtest:<what>:<random>:}. */
    public static String freshPrefix(String what) {
        return "wtest:" + what + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** Deletes every key starting with {@code prefix}; returns how many. */
    public static int deletePrefix(String prefix) {
        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(URL));
        try {
            List<String> keys = new ArrayList<>();
            String cursor = "0";
            do {
                Response page = send(redis, Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(prefix + "*")
                        .arg("COUNT").arg(1000));
                cursor = page.get(0).toString();
                page.get(1).forEach(k -> keys.add(k.toString()));
            } while (!"0".equals(cursor));
            int deleted = 0;
            for (String key : keys) {
                deleted += send(redis, Request.cmd(Command.UNLINK).arg(key)).toInteger();
            }
            return deleted;
        } finally {
            redis.close();
            await(vertx.close());
        }
    }

    private static Response send(Redis redis, Request request) {
        return await(redis.send(request));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to Redis", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Redis at " + URL + ": " + e.getMessage(), e);
        }
    }
}
