package dev.warden.gateway.fakes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/**
 * Deletes what a test run or a benchmark wrote to Redis: every key under its namespace (SCAN + UNLINK), so
 * that runs sharing the project's Redis leave nothing behind.
 */
public final class RedisCleanup {

    private RedisCleanup() {
    }

    /**
     * Deletes every key that starts with {@code namespace}.
     *
     * @param url the Redis server, for example {@code redis://127.0.0.1:6379}
     * @param namespace the prefix; must not be blank (that would delete everything)
     * @return how many keys were deleted
     * @throws IllegalArgumentException when the namespace is blank
     * @throws Exception when Redis fails or does not answer within 10 s per call
     */
    public static long deleteNamespace(Vertx vertx, String url, String namespace) throws Exception {
        if (namespace == null || namespace.isBlank() || namespace.contains("*")) {
            throw new IllegalArgumentException("a namespace to delete must be a non-blank prefix without '*'");
        }
        return scan(vertx, url, namespace, true);
    }

    /** How many keys start with {@code namespace}. */
    public static long count(Vertx vertx, String url, String namespace) throws Exception {
        return scan(vertx, url, namespace, false);
    }

    /** Visits every key under the namespace, unlinking each when {@code delete}; returns how many there were. */
    private static long scan(Vertx vertx, String url, String namespace, boolean delete) throws Exception {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
        long keys = 0;
        try {
            String cursor = "0";
            do {
                Response page = await(redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH")
                        .arg(namespace + "*").arg("COUNT").arg(1000)));
                cursor = page.get(0).toString();
                for (Response key : page.get(1)) {
                    keys += delete ? await(redis.send(Request.cmd(Command.UNLINK).arg(key.toString()))).toLong() : 1;
                }
            } while (!"0".equals(cursor));
            return keys;
        } finally {
            redis.close();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
