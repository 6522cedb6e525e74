package dev.warden.e2e.suite;

import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Warden suite as local processes: Redis (started only when none answers), one inference-service per
 * {@link ServedModel} (for the demo: the aligned demo model and the fine-tuned one, side by side), judge-service (its
 * inference client on the first model), the gateway (a route per model) and, unless turned off, recovery-service
 * (its inference client on {@link SuiteConfig#hotLoadTarget()}, for the demo the fine-tuned model's service, so a
 * repair with {@code load_into_inference} replaces what {@code demo-finetuned} serves). Every service binds
 * loopback only.
 *
 * <pre>
 * try (Suite suite = Suite.start(SuiteConfig.builder(root).build(), System.out::println)) {
 *     new DemoStory(suite.config(), narrator).play();
 * }
 * </pre>
 *
 * {@link #start} launches all services at once and waits until each answers {@code /q/health/ready}; on any
 * failure it stops what it started and throws a {@link SuiteException} naming the culprit and its log.
 * {@link #close()} stops everything it started (SIGTERM, then SIGKILL) and removes the pid files.
 */
public final class Suite implements AutoCloseable {

    /** The four service modules, in the checkout. */
    public static final List<String> MODULES = List.of("inference-service", "judge-service", "gateway",
            "recovery-service");

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final SuiteConfig config;
    private final List<ServiceProcess> processes;
    private final boolean startedRedis;

    private Suite(SuiteConfig config, List<ServiceProcess> processes, boolean startedRedis) {
        this.config = config;
        this.processes = processes;
        this.startedRedis = startedRedis;
    }

    /**
     * Starts the suite and waits until every process is ready.
     *
     * @param progress receives one line per started or ready process
     * @throws SuiteException when something is missing (a packaged service, Redis), a checkpoint would not load or
     *                        not fit in memory ({@link ServePreflight}), a port is taken, or a process exits or
     *                        is not ready in time
     */
    public static Suite start(SuiteConfig config, Consumer<String> progress) throws InterruptedException {
        Objects.requireNonNull(config, "config");
        checkPackaged(config);
        checkPorts(config);
        ServePreflight.check(config);
        List<ServiceProcess> started = Collections.synchronizedList(new ArrayList<>());
        boolean startedRedis = false;
        try {
            if (!RedisClient.answers(config.redisHost(), config.redisPort())) {
                started.add(startRedis(config, progress));
                startedRedis = true;
            } else {
                progress.accept(String.format(Locale.ROOT, "  %-24s %s:%d (already running)", "redis",
                        config.redisHost(), config.redisPort()));
            }
            long t0 = System.nanoTime();
            for (Launch launch : launches(config)) {
                started.add(ServiceProcess.start(launch.name, launch.address, launch.command, launch.env,
                        config.runDir().log(launch.name), HealthProbe.quarkus(SuiteConfig.HOST, launch.port),
                        config.detach()));
            }
            for (ServiceProcess p : started) {
                config.runDir().recordPid(p.name(), p.handle());
            }
            for (ServiceProcess p : started) {
                p.awaitReady(config.startTimeout());
                if (!p.name().equals("redis")) {
                    progress.accept(String.format(Locale.ROOT, "  %-24s %-22s ready after %4.1f s (pid %d)",
                            p.name(), p.address(), (System.nanoTime() - t0) / 1e9, p.pid()));
                }
            }
            return new Suite(config, List.copyOf(started), startedRedis);
        } catch (RuntimeException | InterruptedException e) {
            stopAll(config.runDir(), started);
            throw e;
        }
    }

    /** The configuration it runs with. */
    public SuiteConfig config() {
        return config;
    }

    /** Whether it started Redis (and so stops it). */
    public boolean startedRedis() {
        return startedRedis;
    }

    /** The processes it started, in start order. */
    public List<ServiceProcess> processes() {
        return processes;
    }

    /** The first process that is no longer running, if any (a crash mid-story). */
    public java.util.Optional<ServiceProcess> firstDead() {
        return processes.stream().filter(p -> !p.alive()).findFirst();
    }

    /** Stops every process it started, the last started first, and removes their pid files. */
    @Override
    public void close() {
        stopAll(config.runDir(), processes);
    }

    private static void stopAll(RunDirectory runDir, List<ServiceProcess> processes) {
        List<ServiceProcess> reversed = new ArrayList<>(processes);
        Collections.reverse(reversed);
        // services first (in parallel: each may take seconds to shut down), Redis last
        List<Thread> stoppers = new ArrayList<>();
        for (ServiceProcess p : reversed) {
            if (!p.name().equals("redis")) {
                Thread t = new Thread(() -> p.stop(STOP_GRACE), "stop-" + p.name());
                t.start();
                stoppers.add(t);
            }
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reversed.stream().filter(p -> p.name().equals("redis")).forEach(p -> p.stop(STOP_GRACE));
        reversed.forEach(p -> runDir.forget(p.name()));
    }

    private record Launch(String name, String address, int port, List<String> command, Map<String, String> env) {
    }

    private static List<Launch> launches(SuiteConfig c) {
        SuitePorts ports = c.ports();
        String host = SuiteConfig.HOST;
        String redisUrl = "redis://" + c.redisHost() + ":" + c.redisPort();
        List<Launch> out = new ArrayList<>();

        for (ServedModel model : c.models()) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("quarkus.http.port", Integer.toString(model.port()));
            p.put("warden.inference.checkpoint", model.checkpoint().toString());
            p.put("warden.inference.model-name", model.id());
            c.inferenceSettings().forEach((key, value) -> p.put("warden.inference." + key, value));
            if (model.kvCacheTokens() > 0) {
                p.put("warden.inference.kv-cache-tokens", Integer.toString(model.kvCacheTokens()));
            }
            out.add(new Launch(model.processName(), "gRPC " + host + ":" + model.port(), model.port(),
                    java(c, "inference-service", "768m", p), Map.of()));
        }
        int judgeInference = c.models().get(0).port();

        Map<String, String> judge = new LinkedHashMap<>();
        judge.put("quarkus.http.port", Integer.toString(ports.judge()));
        judge.put("quarkus.grpc.clients.inference.host", host);
        judge.put("quarkus.grpc.clients.inference.port", Integer.toString(judgeInference));
        out.add(new Launch("judge", "gRPC " + host + ":" + ports.judge(), ports.judge(),
                java(c, "judge-service", "512m", judge), Map.of()));

        Map<String, String> gateway = new LinkedHashMap<>();
        gateway.put("quarkus.http.port", Integer.toString(ports.gateway()));
        gateway.put("quarkus.redis.hosts", redisUrl);
        gateway.put("warden.gateway.redis.namespace", c.gatewayNamespace());
        for (ServedModel model : c.models()) {
            gateway.put("warden.gateway.models.\"" + model.id() + "\".target", host + ":" + model.port());
        }
        gateway.put("warden.gateway.judge.target", host + ":" + ports.judge());
        gateway.put("warden.gateway.rails.output-window-tokens", Integer.toString(c.outputWindowTokens()));
        // five JVMs on a small machine: a judge call may wait for a core longer than the default 2 s
        gateway.put("warden.gateway.judge.timeout", "10s");
        out.add(new Launch("gateway", "http://" + host + ":" + ports.gateway(), ports.gateway(),
                java(c, "gateway", "512m", gateway), Map.of("WARDEN_GATEWAY_ADMIN_TOKEN", c.adminToken())));
        if (!c.recovery()) {
            return out;
        }

        Map<String, String> recovery = new LinkedHashMap<>();
        recovery.put("quarkus.http.port", Integer.toString(ports.recoveryHttp()));
        recovery.put("quarkus.grpc.server.port", Integer.toString(ports.recoveryGrpc()));
        recovery.put("quarkus.grpc.server.host", host);
        recovery.put("quarkus.redis.hosts", redisUrl);
        recovery.put("warden.recovery.model-root", c.modelsDir().toString());
        recovery.put("warden.recovery.redis-prefix", c.recoveryPrefix());
        c.repairOutputRoot().ifPresent(p -> recovery.put("warden.recovery.output-root", p.toString()));
        c.repairWorkRoot().ifPresent(p -> recovery.put("warden.recovery.work-root", p.toString()));
        recovery.put("quarkus.grpc.clients.judge.host", host);
        recovery.put("quarkus.grpc.clients.judge.port", Integer.toString(ports.judge()));
        recovery.put("quarkus.grpc.clients.inference.host", host);
        recovery.put("quarkus.grpc.clients.inference.port", Integer.toString(c.hotLoadTarget().port()));
        recovery.put("warden.recovery.torch-threads", "1");
        out.add(new Launch("recovery", "http://" + host + ":" + ports.recoveryHttp(), ports.recoveryHttp(),
                java(c, "recovery-service", "1g", recovery), Map.of("WARDEN_RECOVERY_API_TOKEN", c.recoveryToken())));
        return out;
    }

    private static List<String> java(SuiteConfig c, String module, String heap, Map<String, String> properties) {
        return ServiceProcess.javaCommand(c.jar(module), heap, SuiteConfig.HOST, properties);
    }

    private static ServiceProcess startRedis(SuiteConfig c, Consumer<String> progress) throws InterruptedException {
        if (!c.startRedis() || !isLoopback(c.redisHost())) {
            throw new SuiteException("no Redis answers at " + c.redisHost() + ":" + c.redisPort() + "; start one"
                    + " there, or point the suite at another with WARDEN_REDIS=host:port");
        }
        if (!SuitePorts.isFree(c.redisPort())) {
            throw new SuiteException("port " + c.redisPort() + " is taken by something that is not Redis; set"
                    + " WARDEN_REDIS=127.0.0.1:<port> to use another port");
        }
        String server = onPath("redis-server");
        if (server == null) {
            throw new SuiteException("no Redis answers at " + c.redisHost() + ":" + c.redisPort() + " and"
                    + " redis-server is not installed; install it (Debian/Ubuntu: apt-get install -y redis-server)"
                    + " or point the suite at a running Redis with WARDEN_REDIS=host:port");
        }
        ServiceProcess redis = ServiceProcess.start("redis", c.redisHost() + ":" + c.redisPort(), List.of(server,
                        "--port", Integer.toString(c.redisPort()), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no"), Map.of(), c.runDir().log("redis"),
                HealthProbe.redis(c.redisHost(), c.redisPort()), c.detach());
        c.runDir().recordPid(redis.name(), redis.handle());
        try {
            redis.awaitReady(Duration.ofSeconds(20));
        } catch (RuntimeException | InterruptedException e) {
            redis.stop(STOP_GRACE);
            c.runDir().forget(redis.name());
            throw e;
        }
        progress.accept(String.format(Locale.ROOT, "  %-24s %s:%d (started by warden, pid %d)", "redis",
                c.redisHost(), c.redisPort(), redis.pid()));
        return redis;
    }

    private static void checkPackaged(SuiteConfig c) {
        List<String> missing = MODULES.stream().filter(m -> c.recovery() || !m.equals("recovery-service"))
                .filter(m -> !Files.isRegularFile(c.jar(m))).toList();
        if (!missing.isEmpty()) {
            throw new SuiteException("not packaged: " + String.join(", ", missing) + " (no " + c.jar(missing.get(0))
                    + "); run ./mvnw -B -DskipTests package first (./warden demo, up and serve do)");
        }
    }

    private static void checkPorts(SuiteConfig c) {
        List<String> taken = new ArrayList<>();
        portsByRole(c).forEach((role, port) -> {
            if (!SuitePorts.isFree(port)) {
                taken.add(port + " (" + role + ")");
            }
        });
        if (!taken.isEmpty()) {
            throw new SuiteException("port" + (taken.size() > 1 ? "s " : " ") + String.join(", ", taken)
                    + (taken.size() > 1 ? " are" : " is") + " already in use. Is the suite running already"
                    + " (./warden status; ./warden down stops it)? Otherwise stop what listens there.");
        }
    }

    /** Every port the suite of {@code c} listens on, with what listens there, in start order. */
    static Map<String, Integer> portsByRole(SuiteConfig c) {
        Map<String, Integer> m = new LinkedHashMap<>();
        c.models().forEach(model -> m.put("inference " + model.id(), model.port()));
        m.put("judge", c.ports().judge());
        m.put("gateway", c.ports().gateway());
        if (c.recovery()) {
            m.put("recovery (REST)", c.ports().recoveryHttp());
            m.put("recovery (gRPC)", c.ports().recoveryGrpc());
        }
        if (new java.util.HashSet<>(m.values()).size() != m.size()) {
            throw new SuiteException("two processes of the suite would share a port: " + m);
        }
        return m;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin:/usr/sbin" : path + ":/usr/sbin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
