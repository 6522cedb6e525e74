package dev.warden.recovery;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the application under test runs against, per test profile: a fresh model root of {@link Fixtures}, a
 * Redis key prefix of its own (its keys are deleted when the profile's application stops), the judge and
 * inference stand-ins ({@link FakeUpstreams}), and a free port for the gRPC server. Tests read the values
 * through the static accessors.
 */
public class RecoveryTestResource implements QuarkusTestResourceLifecycleManager {

    /** The bearer token of the test profiles. */
    public static final String TOKEN = "test-token-0123456789abcdef";

    private static volatile Path modelRoot;
    private static volatile Path outside;
    private static volatile String prefix;
    private static volatile int grpcPort;
    private static volatile FakeUpstreams upstreams;

    @Override
    public Map<String, String> start() {
        try {
            Path base = Files.createTempDirectory("warden-recovery-test");
            modelRoot = base.resolve("models");
            outside = base.resolve("outside");
            Files.createDirectories(outside);
            Fixtures.write(modelRoot, outside);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        prefix = RedisKeys.freshPrefix("recovery");
        upstreams = new FakeUpstreams();
        grpcPort = freePort();
        Map<String, String> config = new HashMap<>();
        config.put("warden.recovery.model-root", modelRoot.toString());
        config.put("warden.recovery.redis-prefix", prefix);
        config.put("warden.recovery.api-token", TOKEN);
        config.put("quarkus.grpc.server.test-port", Integer.toString(grpcPort));
        for (String client : new String[] {"judge", "inference"}) {
            config.put("quarkus.grpc.clients." + client + ".host", "127.0.0.1");
            config.put("quarkus.grpc.clients." + client + ".port", Integer.toString(upstreams.port()));
            config.put("quarkus.grpc.clients." + client + ".test-port", Integer.toString(upstreams.port()));
        }
        return config;
    }

    @Override
    public void stop() {
        if (upstreams != null) {
            upstreams.close();
        }
        RedisKeys.deletePrefix(prefix);
        if (modelRoot != null) {
            deleteTree(modelRoot.getParent());
        }
    }

    /** The model root of the running application. */
    public static Path modelRoot() {
        return modelRoot;
    }

    /** A directory outside the model root. */
    public static Path outside() {
        return outside;
    }

    /** The Redis key prefix of the running application. */
    public static String prefix() {
        return prefix;
    }

    /** The gRPC server's port. */
    public static int grpcPort() {
        return grpcPort;
    }

    /** The judge and inference stand-ins. */
    public static FakeUpstreams upstreams() {
        return upstreams;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: left for the OS to clean
        }
    }
}
