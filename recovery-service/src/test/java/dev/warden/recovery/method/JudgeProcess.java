package dev.warden.recovery.method;

import dev.warden.proto.v1.JudgeGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The REAL judge-service, packaged earlier in the reactor, run as a process on a free port (rules and the
 * classifier; no inference needed), with a channel to it. Tests measure harmful rates through it as the
 * service does.
 */
public final class JudgeProcess implements AutoCloseable {

    private static final Path APP = Path.of("..", "judge-service", "target", "quarkus-app", "quarkus-run.jar")
            .toAbsolutePath().normalize();

    private final Process process;
    private final ManagedChannel channel;
    private final int port;

    private JudgeProcess(Process process, ManagedChannel channel, int port) {
        this.process = process;
        this.channel = channel;
        this.port = port;
    }

    /** Starts judge-service and waits until it serves. */
    public static JudgeProcess start() {
        if (!Files.isRegularFile(APP)) {
            throw new IllegalStateException("no packaged judge-service at " + APP + ": run the build from the root "
                    + "(./mvnw -B verify), which packages judge-service before recovery-service is tested");
        }
        int port = freePort();
        Path log = Path.of("target", "judge-service-" + port + ".log").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p;
        try {
            p = new ProcessBuilder(List.of(java, "-Xmx1g", "-Dai.djl.offline=true", "-Dquarkus.http.port=" + port,
                    "-jar", APP.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start judge-service", e);
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        JudgeProcess judge = new JudgeProcess(p, channel, port);
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("judge-service exited (" + p.exitValue() + "); see " + log);
                }
                try {
                    // HTTP/1.1: the port is shared with gRPC (h2c), see the project's BUILD-NOTES traps
                    HttpResponse<Void> ready = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (ready.statusCode() == 200) {
                        return judge;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("judge-service not SERVING after 60 s; see " + log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            judge.close();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            judge.close();
            throw e;
        }
    }

    /** A blocking stub on the judge. */
    public JudgeGrpc.JudgeBlockingStub stub() {
        return JudgeGrpc.newBlockingStub(channel);
    }

    /** The gRPC port it listens on. */
    public int port() {
        return port;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
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
