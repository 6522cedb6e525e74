package dev.warden.gateway.it;

import dev.warden.gateway.fakes.FakeUpstreams;
import dev.warden.gateway.fakes.RedisCleanup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

/**
 * Starts the fake inference-service and judge in the test JVM and points the gateway at them: the routing
 * table ({@code demo-aligned}, {@code demo-other} on the fake, {@code demo-down} on a closed port), the judge,
 * an admin token, a throw-away Redis namespace (deleted at the end), small limits and windows for the tests.
 */
public class UpstreamsTestResource implements QuarkusTestResourceLifecycleManager {

    /** The admin token the tests use. */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    /** The request body limit of the test profile. */
    public static final int MAX_REQUEST_BYTES = 65_536;
    /** Tokens per output window in the test profile. */
    public static final int WINDOW_TOKENS = 16;

    private static volatile FakeUpstreams upstreams;
    private String namespace;

    /** The running fakes. */
    public static FakeUpstreams upstreams() {
        return upstreams;
    }

    @Override
    public Map<String, String> start() {
        upstreams = FakeUpstreams.start();
        namespace = "test:gw" + UUID.randomUUID().toString().substring(0, 8) + ":";
        return Map.ofEntries(
                Map.entry("warden.gateway.models.\"demo-aligned\".target", upstreams.inferenceTarget()),
                Map.entry("warden.gateway.models.\"demo-other\".target", upstreams.inferenceTarget()),
                Map.entry("warden.gateway.models.\"demo-other\".upstream-model", ""),
                Map.entry("warden.gateway.models.\"demo-down\".target", "127.0.0.1:" + closedPort()),
                Map.entry("warden.gateway.judge.target", upstreams.judgeTarget()),
                Map.entry("warden.gateway.admin-token", ADMIN_TOKEN),
                Map.entry("warden.gateway.redis.namespace", namespace),
                Map.entry("warden.gateway.limits.max-request-bytes", Integer.toString(MAX_REQUEST_BYTES)),
                Map.entry("warden.gateway.rails.output-window-tokens", Integer.toString(WINDOW_TOKENS)));
    }

    @Override
    public void stop() {
        if (upstreams != null) {
            upstreams.close();
        }
        deleteNamespace();
    }

    /** A port nothing listens on (bound, then released). */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteNamespace() {
        Vertx vertx = Vertx.vertx();
        try {
            RedisCleanup.deleteNamespace(vertx, "redis://127.0.0.1:6379", namespace);
        } catch (Exception e) {
            System.err.println("could not delete the test namespace " + namespace + ": " + e);
        } finally {
            vertx.close();
        }
    }
}
