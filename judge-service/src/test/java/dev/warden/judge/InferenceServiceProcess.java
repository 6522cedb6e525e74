package dev.warden.judge;

import dev.warden.model.cli.DemoModels;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real inference-service for the judge's tests: the packaged application of the sibling module
 * ({@code inference-service/target/quarkus-app}, built earlier in the same reactor run), started as its own
 * process on a free port, serving the demo model's tiny test variant (trained here in seconds, once, into
 * {@code target/test-models}). The judge's gRPC client {@code inference} is pointed at it.
 */
public class InferenceServiceProcess implements QuarkusTestResourceLifecycleManager {

    /** The served checkpoints: {@code aligned}, {@code finetuned} and {@code finetuned-sai}. */
    public static final Path MODELS = Path.of("target", "test-models", "demo").toAbsolutePath();

    private static final Path APP = Path.of("..", "inference-service", "target", "quarkus-app", "quarkus-run.jar")
            .toAbsolutePath().normalize();

    private Process process;

    @Override
    public Map<String, String> start() {
        if (!Files.isRegularFile(APP)) {
            throw new IllegalStateException("no packaged inference-service at " + APP + ": run the build from the "
                    + "root (./mvnw -B verify), which packages inference-service before judge-service is tested");
        }
        if (!DemoModels.isBuilt(MODELS)) {
            DemoModels.build(MODELS, DemoModels.SEED, "test");
        }
        int port = freePort();
        Path log = Path.of("target", "inference-service.log").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            process = new ProcessBuilder(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
                    "-Dquarkus.http.port=" + port, "-Dwarden.inference.checkpoint=" + MODELS.resolve("aligned"),
                    "-Dwarden.inference.torch-threads=1", "-jar", APP.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start inference-service", e);
        }
        awaitServing(port, log);
        // in test mode Quarkus points gRPC clients at the application's own port unless test-port is set
        return Map.of("quarkus.grpc.clients.inference.host", "localhost",
                "quarkus.grpc.clients.inference.port", Integer.toString(port),
                "quarkus.grpc.clients.inference.test-port", Integer.toString(port));
    }

    private void awaitServing(int port, Path log) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < end) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("inference-service exited (" + process.exitValue() + "); see " + log);
                }
                try {
                    if (HealthGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance()).getStatus() == ServingStatus.SERVING) {
                        return;
                    }
                } catch (StatusRuntimeException notYet) {
                    // starting
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("inference-service not SERVING after 120 s; see " + log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            channel.shutdownNow();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
