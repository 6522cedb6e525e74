package dev.warden.gateway.state;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Redis on 127.0.0.1:6379 for a test class: a Vert.x instance, clients, and a random namespace
 * whose keys are all deleted by {@link #close()}. Register it as a static extension, which closes it after
 * the class's tests: {@code @RegisterExtension static final RedisFixture redis = RedisFixture.open();}
 */
public final class RedisFixture implements AutoCloseable, AfterAllCallback {

    /** Where the test Redis listens. */
    public static final String URL = "redis://127.0.0.1:6379";
    /** How long a test waits for any one Redis operation. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private final List<Redis> clients = new ArrayList<>();
    private final RedisNamespace namespace =
            RedisNamespace.of("test:" + UUID.randomUUID().toString().substring(0, 8) + ":");
    private final Redis client;

    private RedisFixture() {
        client = newClient();
    }

    /** A fixture with a fresh namespace. */
    public static RedisFixture open() {
        return new RedisFixture();
    }

    /** The Vert.x instance the clients run on. */
    public Vertx vertx() {
        return vertx;
    }

    /** The namespace every test key lives under. */
    public RedisNamespace namespace() {
        return namespace;
    }

    /** The fixture's main client. */
    public Redis client() {
        return client;
    }

    /** Another independent client (its own connection pool), as a second gateway replica would have. */
    public Redis newClient() {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(URL)
                .setMaxPoolSize(8).setMaxPoolWaiting(256));
        clients.add(redis);
        return redis;
    }

    /** A state handle on the main client in the fixture's namespace, timeout 5 s. */
    public RedisState state() {
        return state(client);
    }

    /** A state handle on {@code redis} in the fixture's namespace, timeout 5 s. */
    public RedisState state(Redis redis) {
        return new RedisState(redis, namespace, Duration.ofSeconds(5));
    }

    /** Sends a command and waits for the reply (for assertions on raw Redis contents). */
    public Response send(Request request) {
        return client.send(request).await().atMost(WAIT);
    }

    /** Every key of the namespace. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            Response page = send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(namespace.pattern())
                    .arg("COUNT").arg(1000));
            cursor = page.get(0).toString();
            page.get(1).forEach(k -> keys.add(k.toString()));
        } while (!"0".equals(cursor));
        return keys;
    }

    /** Waits for {@code uni}'s item. */
    public static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    /** Closes the fixture after the test class. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Deletes the namespace's keys and closes the clients and Vert.x. */
    @Override
    public void close() {
        try {
            for (String key : keys()) {
                send(Request.cmd(Command.UNLINK).arg(key));
            }
        } finally {
            clients.forEach(Redis::close);
            vertx.closeAndAwait();
        }
    }
}
