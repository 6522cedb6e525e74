package dev.warden.gateway.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway ({@code quarkus-app/quarkus-run.jar}) as a child process of this JVM, on a loopback port,
 * a Redis server and a namespace of its own: what the benchmark measures and the multi-instance integration
 * tests run against. Settings are passed as {@code -D} system properties; the process's output goes to a log
 * file. {@link #launch()} starts the process, {@link #awaitReady()} waits for {@code /q/health/ready} (so
 * several instances can start in parallel); {@link #close()} stops it (SIGTERM, then SIGKILL after 10 s).
 *
 * <pre>
 * try (ChildGateway gateway = ChildGateway.builder(Path.of("gateway/target/quarkus-app"))
 *         .namespace("bench:1234:").adminToken(token)
 *         .property("warden.gateway.models.bench.target", fakes.inferenceTarget())
 *         .property("warden.gateway.judge.target", fakes.judgeTarget()).start()) {
 *     String key = gateway.createKey("tenant-a", "{\"requests_per_minute\": 200}");
 * }
 * </pre>
 */
public final class ChildGateway implements AutoCloseable {

    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"(wk-[^\"]+)\"");

    private final Process process;
    private final int port;
    private final String adminToken;
    private final Path log;
    private final Duration startTimeout;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ChildGateway(Process process, Builder builder, int port) {
        this.process = process;
        this.port = port;
        this.adminToken = builder.adminToken;
        this.log = builder.log;
        this.startTimeout = builder.startTimeout;
    }

    /**
     * A builder for a gateway packaged under {@code app} (the directory that holds {@code quarkus-run.jar},
     * usually {@code gateway/target/quarkus-app}).
     */
    public static Builder builder(Path app) {
        return new Builder(app);
    }

    /** The HTTP port it listens on (loopback). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The file its standard output and error go to. */
    public Path log() {
        return log;
    }

    /** Whether the process is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code /q/health/ready} answers 200.
     *
     * @return this
     * @throws IllegalStateException when the process exits or is not ready within the start timeout (the message
     *                               names the log file)
     */
    public ChildGateway awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (send(HttpRequest.newBuilder(uri("/q/health/ready")).build()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the gateway did not become ready in " + startTimeout.toSeconds() + " s; see "
                + log);
    }

    /** Calls the admin API with the admin token; {@code body} may be empty. */
    public HttpResponse<String> admin(String method, String path, String body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + adminToken).header("content-type", "application/json").build());
    }

    /**
     * Stores {@code tenant}'s policy and creates a key for it, through the admin API.
     *
     * @param policyJson the policy as the admin API takes it (missing fields take the defaults)
     * @return the key ({@code wk-<id>.<secret>})
     * @throws IllegalStateException when the admin API refuses either call
     */
    public String createKey(String tenant, String policyJson) throws IOException, InterruptedException {
        HttpResponse<String> put = admin("PUT", "/admin/tenants/" + tenant + "/policy", policyJson);
        if (put.statusCode() != 200) {
            throw new IllegalStateException("setting the policy of " + tenant + " failed: " + put.statusCode() + " "
                    + put.body());
        }
        HttpResponse<String> created = admin("POST", "/admin/keys", "{\"tenant\": \"" + tenant + "\"}");
        Matcher m = KEY.matcher(created.body());
        if (created.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("creating a key for " + tenant + " failed: " + created.statusCode());
        }
        return m.group(1);
    }

    /** User plus system CPU time the process has used, in ms (Linux /proc; -1 elsewhere). */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields from state (3rd in stat): utime is the 14th stat field, stime the 15th, in clock ticks
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / 100;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the process: SIGTERM, then SIGKILL when it has not exited after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** A port nothing listens on at the moment (bound, then released). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Settings of a child gateway; {@link #launch()} or {@link #start()} runs it. */
    public static final class Builder {
        private final Path app;
        private int port;
        private String redis = "redis://127.0.0.1:6379";
        private String namespace;
        private String adminToken;
        private List<String> jvmOptions = List.of("-Xmx1g");
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Path log;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder(Path app) {
            this.app = Objects.requireNonNull(app, "app");
        }

        /** The HTTP port; 0 (the default) picks a free one. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** The Redis server ({@code quarkus.redis.hosts}); default {@code redis://127.0.0.1:6379}. */
        public Builder redis(String url) {
            redis = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The prefix of every Redis key it writes ({@code warden.gateway.redis.namespace}); required. */
        public Builder namespace(String value) {
            namespace = Objects.requireNonNull(value, "namespace");
            return this;
        }

        /** The admin API's token ({@code warden.gateway.admin-token}, 16 characters or more); required. */
        public Builder adminToken(String value) {
            adminToken = Objects.requireNonNull(value, "adminToken");
            return this;
        }

        /** The child JVM's options, whitespace-separated; default {@code -Xmx1g}. */
        public Builder jvmOptions(String options) {
            jvmOptions = Arrays.stream(options.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
            return this;
        }

        /** One more setting, passed as {@code -Dkey=value} (routes, the judge, limits ...). */
        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Where its output goes; default {@code <app>/../child-gateway-<port>.log}. */
        public Builder log(Path file) {
            log = Objects.requireNonNull(file, "file");
            return this;
        }

        /** How long {@link ChildGateway#awaitReady()} waits; default 60 s. */
        public Builder startTimeout(Duration value) {
            startTimeout = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Starts the process without waiting for it to be ready.
         *
         * @throws IllegalStateException when {@code quarkus-run.jar} is not under the app directory (the gateway was
         *                               not packaged) or a required setting is missing
         */
        public ChildGateway launch() throws IOException {
            Path jar = app.resolve("quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar.toAbsolutePath() + " not found: package the gateway first"
                        + " (./mvnw -q -B -o -pl gateway -am package -DskipTests)");
            }
            if (namespace == null || adminToken == null) {
                throw new IllegalStateException("a child gateway needs a namespace and an admin token");
            }
            int chosen = port == 0 ? freePort() : port;
            if (log == null) {
                log = app.resolve("../child-gateway-" + chosen + ".log").normalize();
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-Dquarkus.http.port=" + chosen);
            command.add("-Dquarkus.http.host=127.0.0.1");
            command.add("-Dquarkus.redis.hosts=" + redis);
            command.add("-Dquarkus.log.level=WARN");
            command.add("-Dwarden.gateway.admin-token=" + adminToken);
            command.add("-Dwarden.gateway.redis.namespace=" + namespace);
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-jar");
            command.add(jar.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            return new ChildGateway(process, this, chosen);
        }

        /** {@link #launch()}, then {@link ChildGateway#awaitReady()}; the process is stopped when not ready. */
        public ChildGateway start() throws IOException, InterruptedException {
            ChildGateway gateway = launch();
            try {
                return gateway.awaitReady();
            } catch (RuntimeException | InterruptedException e) {
                gateway.close();
                throw e;
            }
        }
    }
}
