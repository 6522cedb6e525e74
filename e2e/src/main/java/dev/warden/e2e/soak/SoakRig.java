package dev.warden.e2e.soak;

import dev.warden.e2e.client.GatewayClient;
import dev.warden.e2e.suite.HealthProbe;
import dev.warden.e2e.suite.ServiceProcess;
import dev.warden.e2e.suite.SuiteException;
import dev.warden.e2e.suite.SuitePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The part of the suite that chat traffic crosses, as processes of the packaged modules on loopback: {@code n}
 * inference-service replicas serving one checkpoint, and a gateway whose one route ({@link #MODEL}) lists every
 * replica ({@code target=127.0.0.1:a,127.0.0.1:b}: round-robin over both). The gateway's rails are not used (the
 * tenant created by {@link #key} has them off), so no judge runs: what is exercised is the gateway, its
 * connections to inference and the replicas. Redis must answer on 127.0.0.1:6379; keys go under a namespace of
 * the rig's own. {@link #close()} stops everything.
 */
public final class SoakRig implements AutoCloseable {

    /** The route's model name. */
    public static final String MODEL = "demo-aligned";
    private static final String HOST = "127.0.0.1";
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Path root;
    private final Path checkpoint;
    private final Path logs;
    private final List<Integer> inferencePorts;
    private final ServiceProcess[] replicas;
    private final String namespace;
    private final String adminToken = "soak-admin-" + Long.toHexString(System.nanoTime()) + "-token";
    private ServiceProcess gateway;
    private int gatewayPort;

    private SoakRig(Path root, Path checkpoint, Path logs, int replicaCount, String namespace) {
        this.root = root;
        this.checkpoint = checkpoint;
        this.logs = logs;
        this.namespace = namespace;
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < replicaCount; i++) {
            ports.add(SuitePorts.freePort());
        }
        this.inferencePorts = Collections.unmodifiableList(ports);
        this.replicas = new ServiceProcess[replicaCount];
    }

    /**
     * Starts {@code replicaCount} inference-services on {@code checkpoint}, then the gateway, and waits until all
     * are ready.
     *
     * @param root the checkout (its modules packaged)
     * @param logs where each process writes its log
     * @param namespace the gateway's Redis namespace (deleted by the caller)
     */
    public static SoakRig start(Path root, Path checkpoint, Path logs, int replicaCount, String namespace)
            throws InterruptedException {
        for (String module : List.of("inference-service", "gateway")) {
            if (!Files.isRegularFile(jar(root, module))) {
                throw new SuiteException("not packaged: " + module + " (no " + jar(root, module)
                        + "); run ./mvnw -B -DskipTests package first");
            }
        }
        SoakRig rig = new SoakRig(root, checkpoint, logs, replicaCount, namespace);
        try {
            for (int i = 0; i < replicaCount; i++) {
                rig.startReplica(i);
            }
            for (ServiceProcess p : rig.replicas) {
                p.awaitReady(READY);
            }
            rig.startGateway();
            return rig;
        } catch (RuntimeException | InterruptedException e) {
            rig.close();
            throw e;
        }
    }

    /** Starts (or restarts) replica {@code i} on its port; does not wait. */
    public void startReplica(int i) {
        int port = inferencePorts.get(i);
        replicas[i] = ServiceProcess.start("inference-" + i, HOST + ":" + port, java(root, "inference-service",
                "512m", Map.of("quarkus.http.port", Integer.toString(port),
                        "warden.inference.checkpoint", checkpoint.toString(),
                        "warden.inference.model-name", "aligned",
                        "warden.inference.torch-threads", "1")), Map.of(),
                logs.resolve("inference-" + i + (replicas[i] == null ? "" : "-restarted") + ".log"),
                HealthProbe.quarkus(HOST, port), false);
    }

    /** Waits until replica {@code i} serves again. */
    public void awaitReplica(int i) throws InterruptedException {
        replicas[i].awaitReady(READY);
    }

    /** Kills replica {@code i} with SIGKILL (no shutdown: its connections just drop). */
    public void killReplica(int i) {
        replicas[i].handle().destroyForcibly();
        try {
            replicas[i].handle().onExit().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startGateway() throws InterruptedException {
        gatewayPort = SuitePorts.freePort();
        String targets = inferencePorts.stream().map(p -> HOST + ":" + p).collect(Collectors.joining(","));
        gateway = ServiceProcess.start("gateway", baseUrl(), java(root, "gateway", "512m", Map.of(
                        "quarkus.http.port", Integer.toString(gatewayPort),
                        "quarkus.redis.hosts", "redis://127.0.0.1:6379",
                        "warden.gateway.redis.namespace", namespace,
                        "warden.gateway.models.\"" + MODEL + "\".target", targets,
                        // no judge runs: the rig's tenant has its rails off
                        "warden.gateway.judge.target", HOST + ":" + SuitePorts.freePort())),
                Map.of("WARDEN_GATEWAY_ADMIN_TOKEN", adminToken), logs.resolve("gateway.log"),
                HealthProbe.quarkus(HOST, gatewayPort), false);
        gateway.awaitReady(READY);
    }

    /**
     * A key of a fresh tenant with no rails and no defense prompt (the traffic exercises connections, not
     * guards), and limits no soak reaches.
     */
    public String key(String tenant) {
        GatewayClient admin = new GatewayClient(baseUrl(), adminToken);
        admin.setPolicy(tenant, Map.of("requests_per_minute", 10_000_000, "tokens_per_minute", 1_000_000_000,
                "input_rails", false, "output_rails", false, "defense_prompt", false));
        return admin.createKey(tenant, List.of());
    }

    /** {@code http://127.0.0.1:<port>} of the gateway. */
    public String baseUrl() {
        return "http://" + HOST + ":" + gatewayPort;
    }

    /** The gateway's process. */
    public ServiceProcess gateway() {
        return gateway;
    }

    /** {@code host:port} of each replica. */
    public List<String> replicaTargets() {
        return inferencePorts.stream().map(p -> HOST + ":" + p).toList();
    }

    /** Stops the gateway, then the replicas. */
    @Override
    public void close() {
        if (gateway != null) {
            gateway.stop(GRACE);
        }
        for (ServiceProcess p : replicas) {
            if (p != null) {
                p.stop(GRACE);
            }
        }
    }

    private static Path jar(Path root, String module) {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    private static List<String> java(Path root, String module, String heap, Map<String, String> properties) {
        return ServiceProcess.javaCommand(jar(root, module), heap, HOST, properties);
    }
}
