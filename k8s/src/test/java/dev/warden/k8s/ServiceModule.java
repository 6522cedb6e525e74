package dev.warden.k8s;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service module says about itself: its {@code application.properties} (prod profile), the Quarkus
 * extensions its pom declares, its {@code @ConfigMapping} keys; from these, its ports and its health and metrics
 * paths. The Kubernetes manifests must agree with all of it.
 *
 * @param workload  the Deployment (and container, Service, ConfigMap prefix) name in k8s/
 * @param module    the Maven module directory
 */
public record ServiceModule(String workload, String module) {

    /** The four services. */
    public static final List<ServiceModule> ALL = List.of(
            new ServiceModule("gateway", "gateway"),
            new ServiceModule("inference", "inference-service"),
            new ServiceModule("judge", "judge-service"),
            new ServiceModule("recovery", "recovery-service"));

    /**
     * recovery-service's keys while its {@code RecoveryConfig} is being written (the deployment's contract with
     * it); as soon as the module declares a {@code @ConfigMapping}, the keys come from there instead.
     */
    static final ConfigMappingKeys.Mapping RECOVERY_CONTRACT = new ConfigMappingKeys.Mapping("warden.recovery",
            Set.of("warden.recovery.api-token", "warden.recovery.model-root", "warden.recovery.output-root",
                    "warden.recovery.work-root"), "the deployment contract (no RecoveryConfig yet)");

    /** What was read from the modules, once per test JVM (the files do not change during a run). */
    private static final Map<String, Object> READ = new ConcurrentHashMap<>();

    private static final Pattern QUARKUS_DEP = Pattern.compile(
            "<groupId>io\\.quarkus</groupId>\\s*<artifactId>([\\w-]+)</artifactId>(?:\\s*<scope>(\\w+)</scope>)?");

    /** The service whose workload is {@code name}. */
    public static ServiceModule of(String workload) {
        return ALL.stream().filter(s -> s.workload.equals(workload)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + workload));
    }

    /** The module directory. */
    public Path dir() {
        return Repo.module(module);
    }

    /** {@code src/main/resources/application.properties}, prod profile ({@code %dev.}, {@code %test.} keys dropped). */
    public Properties properties() {
        return (Properties) READ.computeIfAbsent(module + "#properties", k -> readProperties());
    }

    private Properties readProperties() {
        Properties all = new Properties();
        try {
            all.load(new StringReader(Repo.read(dir().resolve("src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties prod = new Properties();
        all.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> prod.setProperty(k, all.getProperty(k)));
        all.stringPropertyNames().stream().filter(k -> k.startsWith("%prod.")).forEach(k -> prod.setProperty(k.substring(6), all.getProperty(k)));
        return prod;
    }

    /** The io.quarkus artifacts the pom declares outside test scope. */
    @SuppressWarnings("unchecked")
    public Set<String> quarkusExtensions() {
        return (Set<String>) READ.computeIfAbsent(module + "#extensions", k -> readExtensions());
    }

    private Set<String> readExtensions() {
        Set<String> ext = new TreeSet<>();
        Matcher m = QUARKUS_DEP.matcher(Repo.read(dir().resolve("pom.xml")));
        while (m.find()) {
            if (!"test".equals(m.group(2))) {
                ext.add(m.group(1));
            }
        }
        return ext;
    }

    /** The extensions whose config a QUARKUS_* variable may set: the declared ones and quarkus-core. */
    public Set<String> configurableExtensions() {
        Set<String> ext = new TreeSet<>(quarkusExtensions());
        ext.add("quarkus-core");
        // quarkus-rest, quarkus-grpc and the health and metrics extensions all serve over quarkus-vertx-http
        ext.add("quarkus-vertx-http");
        return ext;
    }

    /** The service's configuration keys. */
    public ConfigMappingKeys.Mapping mapping() {
        return (ConfigMappingKeys.Mapping) READ.computeIfAbsent(module + "#mapping", k -> readMapping());
    }

    private ConfigMappingKeys.Mapping readMapping() {
        Optional<ConfigMappingKeys.Mapping> m = ConfigMappingKeys.find(dir());
        if (m.isPresent()) {
            return m.get();
        }
        if (workload.equals("recovery")) {
            return RECOVERY_CONTRACT;
        }
        throw new IllegalStateException(module + " declares no @ConfigMapping");
    }

    /** The HTTP port: {@code quarkus.http.port} (Quarkus default 8080). */
    public int httpPort() {
        return Integer.parseInt(properties().getProperty("quarkus.http.port", "8080"));
    }

    /** Whether the service is a gRPC server: a {@code @GrpcService} in its sources, or a separate gRPC server configured. */
    public boolean grpcServer() {
        return separateGrpcServer() || sourcesContain("@GrpcService");
    }

    /** Whether gRPC has its own server ({@code quarkus.grpc.server.use-separate-server}, Quarkus default true). */
    public boolean separateGrpcServer() {
        return quarkusExtensions().contains("quarkus-grpc")
                && Boolean.parseBoolean(properties().getProperty("quarkus.grpc.server.use-separate-server", "true"))
                && (sourcesContain("@GrpcService") || properties().containsKey("quarkus.grpc.server.port"));
    }

    /** The gRPC port: the separate server's ({@code quarkus.grpc.server.port}, default 9000) or the HTTP port. */
    public OptionalInt grpcPort() {
        if (!grpcServer()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(separateGrpcServer()
                ? Integer.parseInt(properties().getProperty("quarkus.grpc.server.port", "9000")) : httpPort());
    }

    /** The port of /q/health and /q/metrics: the management interface's when enabled, else the HTTP port. */
    public int managementPort() {
        return managementEnabled() ? Integer.parseInt(properties().getProperty("quarkus.management.port", "9000")) : httpPort();
    }

    private boolean managementEnabled() {
        return Boolean.parseBoolean(properties().getProperty("quarkus.management.enabled", "false"));
    }

    /** Every container port the service listens on. */
    public Set<Integer> ports() {
        Set<Integer> ports = new TreeSet<>();
        ports.add(httpPort());
        ports.add(managementPort());
        grpcPort().ifPresent(ports::add);
        return ports;
    }

    /** {@code /q/health/<check>} with Quarkus's path settings applied; check is live, ready or started. */
    public String healthPath(String check) {
        Properties p = properties();
        String health = resolve(nonApplicationRoot(), p.getProperty("quarkus.smallrye-health.root-path", "health"));
        String leaf = switch (check) {
            case "live" -> p.getProperty("quarkus.smallrye-health.liveness-path", "live");
            case "ready" -> p.getProperty("quarkus.smallrye-health.readiness-path", "ready");
            case "started" -> p.getProperty("quarkus.smallrye-health.startup-path", "started");
            default -> throw new IllegalArgumentException(check);
        };
        return resolve(health, leaf);
    }

    /** {@code /q/metrics} with Quarkus's path settings applied. */
    public String metricsPath() {
        return resolve(nonApplicationRoot(), properties().getProperty("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    private String nonApplicationRoot() {
        Properties p = properties();
        if (managementEnabled()) {
            return resolve("/", p.getProperty("quarkus.management.root-path", "q"));
        }
        return resolve(p.getProperty("quarkus.http.root-path", "/"), p.getProperty("quarkus.http.non-application-root-path", "q"));
    }

    private static String resolve(String base, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return (base.endsWith("/") ? base : base + "/") + path;
    }

    /** Whether the module's main Java sources contain {@code text}. */
    public boolean sourcesContain(String text) {
        return (Boolean) READ.computeIfAbsent(module + "#contains#" + text, k -> searchSources(text));
    }

    private boolean searchSources(String text) {
        Path src = dir().resolve("src/main/java");
        if (!Files.isDirectory(src)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> Repo.read(f).contains(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
