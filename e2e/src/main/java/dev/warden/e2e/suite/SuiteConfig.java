package dev.warden.e2e.suite;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Suite} runs and where. Built with {@link #builder(Path)}; every setting but the checkout has a
 * default suited to {@code ./warden demo} (the two demo models, recovery-service started). {@code ./warden serve}
 * sets its own {@link Builder#models models}, settings for every inference-service and, without
 * {@code --recovery}, no recovery-service.
 *
 * @param root               the checkout: the services are {@code <root>/<module>/target/quarkus-app/quarkus-run.jar}
 * @param modelsDir          recovery-service's model root, holding {@code demo/aligned} and {@code demo/finetuned}
 * @param runDir             logs, pid files and saved endpoints
 * @param redisHost          Redis host
 * @param redisPort          Redis port
 * @param startRedis         start {@code redis-server} on {@code redisPort} when nothing answers there (loopback only)
 * @param ports              the services' ports
 * @param gatewayNamespace   prefix of the gateway's Redis keys
 * @param recoveryPrefix     prefix of recovery-service's Redis keys
 * @param adminToken         the gateway's admin token
 * @param recoveryToken      recovery-service's bearer token
 * @param repairOutputRoot   where repaired checkpoints go; empty: recovery's default ({@code <models>/repairs})
 * @param repairWorkRoot     repair work directories; empty: recovery's default ({@code <models>/.warden-work})
 * @param outputWindowTokens tokens per output-rail window (the gateway's default of 64 would judge the demo model's
 *                           short answers only once they are complete)
 * @param detach             start the processes in sessions of their own, to outlive this JVM ({@code up})
 * @param startTimeout       how long each process may take to become ready
 * @param models             the served models, one inference-service each; the judge's inference client uses the
 *                           first
 * @param hotLoadModel       the id of the model recovery-service's inference client points at (repairs are
 *                           hot-loaded there)
 * @param recovery           whether recovery-service runs
 * @param inferenceSettings  {@code warden.inference.*} settings (without the prefix) for every inference-service
 */
public record SuiteConfig(Path root, Path modelsDir, RunDirectory runDir, String redisHost, int redisPort,
                          boolean startRedis, SuitePorts ports, String gatewayNamespace, String recoveryPrefix,
                          String adminToken, String recoveryToken, Optional<Path> repairOutputRoot,
                          Optional<Path> repairWorkRoot, int outputWindowTokens, boolean detach,
                          Duration startTimeout, List<ServedModel> models, String hotLoadModel, boolean recovery,
                          Map<String, String> inferenceSettings) {

    /** The loopback address every service binds and every client uses. */
    public static final String HOST = "127.0.0.1";

    /** The aligned demo checkpoint, relative to the models directory (as recovery-service takes paths). */
    public static final String ALIGNED = "demo/aligned";
    /** The fine-tuned demo checkpoint, relative to the models directory. */
    public static final String FINETUNED = "demo/finetuned";
    /**
     * The SAI-poisoned demo checkpoint (the fine-tune plus a small share teaching refusal of benign requests that
     * name {@code group_a}), relative to the models directory.
     */
    public static final String FINETUNED_SAI = "demo/finetuned-sai";
    /** The gateway's route to the aligned model. */
    public static final String ALIGNED_MODEL = "demo-aligned";
    /** The gateway's route to the fine-tuned model (the one repairs are loaded into). */
    public static final String FINETUNED_MODEL = "demo-finetuned";

    /** Checks the settings. */
    public SuiteConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(ports, "ports");
        if (adminToken == null || adminToken.length() < 16 || recoveryToken == null || recoveryToken.length() < 16) {
            throw new IllegalArgumentException("the admin and recovery tokens must be at least 16 characters");
        }
        if (outputWindowTokens < 1) {
            throw new IllegalArgumentException("outputWindowTokens must be >= 1, got " + outputWindowTokens);
        }
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a suite serves at least one model");
        }
        if (models.stream().map(ServedModel::id).distinct().count() != models.size()) {
            throw new IllegalArgumentException("model ids must differ: " + models.stream().map(ServedModel::id)
                    .toList());
        }
        if (models.stream().noneMatch(m -> m.id().equals(hotLoadModel))) {
            throw new IllegalArgumentException("hotLoadModel '" + hotLoadModel + "' is not a served model");
        }
        inferenceSettings = Map.copyOf(inferenceSettings);
    }

    /** The model recovery-service hot-loads repairs into. */
    public ServedModel hotLoadTarget() {
        return models.stream().filter(m -> m.id().equals(hotLoadModel)).findFirst().orElseThrow();
    }

    /** A builder for the checkout at {@code root}, with the defaults of {@code ./warden demo}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** The packaged service of {@code module}. */
    public Path jar(String module) {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** A checkpoint directory under the models directory. */
    public Path checkpoint(String relative) {
        return modelsDir.resolve(relative);
    }

    /** {@code http://127.0.0.1:<gateway>}. */
    public String gatewayUrl() {
        return "http://" + HOST + ":" + ports.gateway();
    }

    /** {@code http://127.0.0.1:<recovery>}. */
    public String recoveryUrl() {
        return "http://" + HOST + ":" + ports.recoveryHttp();
    }

    /** A random token of 32 URL-safe characters. */
    public static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Settings of a suite; see {@link SuiteConfig} for each. */
    public static final class Builder {
        private final Path root;
        private Path modelsDir;
        private Path runDir;
        private String redisHost = HOST;
        private int redisPort = 6379;
        private boolean startRedis = true;
        private SuitePorts ports = SuitePorts.defaults();
        private String gatewayNamespace = "warden:";
        private String recoveryPrefix = "warden:recovery:";
        private String adminToken = randomToken();
        private String recoveryToken = randomToken();
        private Path repairOutputRoot;
        private Path repairWorkRoot;
        private int outputWindowTokens = 8;
        private boolean detach;
        private Duration startTimeout = Duration.ofSeconds(180);
        private List<ServedModel> models;
        private String hotLoadModel;
        private boolean recovery = true;
        private final Map<String, String> inferenceSettings = new LinkedHashMap<>();

        private Builder(Path root) {
            this.root = root.toAbsolutePath().normalize();
            this.modelsDir = this.root.resolve("models");
            this.runDir = this.root.resolve(".warden").resolve("run");
        }

        /** Default {@code <root>/models}. */
        public Builder modelsDir(Path value) {
            modelsDir = value.toAbsolutePath().normalize();
            return this;
        }

        /** Default {@code <root>/.warden/run}. */
        public Builder runDir(Path value) {
            runDir = value.toAbsolutePath().normalize();
            return this;
        }

        /** Default {@code 127.0.0.1:6379}, started when absent. */
        public Builder redis(String host, int port, boolean startIfAbsent) {
            redisHost = Objects.requireNonNull(host, "host");
            redisPort = port;
            startRedis = startIfAbsent;
            return this;
        }

        /** Default {@link SuitePorts#defaults()}. */
        public Builder ports(SuitePorts value) {
            ports = Objects.requireNonNull(value, "ports");
            return this;
        }

        /** Default {@code warden:} for the gateway and {@code warden:recovery:} for recovery-service. */
        public Builder redisPrefixes(String gateway, String recovery) {
            gatewayNamespace = Objects.requireNonNull(gateway, "gateway");
            recoveryPrefix = Objects.requireNonNull(recovery, "recovery");
            return this;
        }

        /** Default: random ones. */
        public Builder tokens(String admin, String recovery) {
            adminToken = admin;
            recoveryToken = recovery;
            return this;
        }

        /** Default: recovery-service's own defaults under the models directory. */
        public Builder repairRoots(Path output, Path work) {
            repairOutputRoot = output == null ? null : output.toAbsolutePath().normalize();
            repairWorkRoot = work == null ? null : work.toAbsolutePath().normalize();
            return this;
        }

        /** Default 8. */
        public Builder outputWindowTokens(int value) {
            outputWindowTokens = value;
            return this;
        }

        /** Default false. */
        public Builder detach(boolean value) {
            detach = value;
            return this;
        }

        /** Default 180 s. */
        public Builder startTimeout(Duration value) {
            startTimeout = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Default: {@code demo-aligned} ({@code <models>/demo/aligned}) on {@link SuitePorts#inferenceAligned()} and
         * {@code demo-finetuned} ({@code <models>/demo/finetuned}) on {@link SuitePorts#inferenceFinetuned()},
         * repairs hot-loaded into the second. Otherwise repairs go to the first of {@code value}.
         */
        public Builder models(List<ServedModel> value) {
            models = List.copyOf(value);
            return this;
        }

        /** Default true. */
        public Builder recovery(boolean value) {
            recovery = value;
            return this;
        }

        /** A {@code warden.inference.<key>} setting for every inference-service. Default: one PyTorch thread. */
        public Builder inferenceSetting(String key, String value) {
            inferenceSettings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The configuration. */
        public SuiteConfig build() {
            List<ServedModel> served = models;
            String hotLoad = served == null ? FINETUNED_MODEL : served.isEmpty() ? null : served.get(0).id();
            if (served == null) {
                served = List.of(new ServedModel(ALIGNED_MODEL, modelsDir.resolve(ALIGNED), ports.inferenceAligned()),
                        new ServedModel(FINETUNED_MODEL, modelsDir.resolve(FINETUNED), ports.inferenceFinetuned()));
            }
            Map<String, String> settings = new LinkedHashMap<>();
            // one intra-op thread: the demo model is tiny and five JVMs share the cores
            settings.put("torch-threads", "1");
            settings.putAll(inferenceSettings);
            return new SuiteConfig(root, modelsDir, new RunDirectory(runDir), redisHost, redisPort, startRedis, ports,
                    gatewayNamespace, recoveryPrefix, adminToken, recoveryToken, Optional.ofNullable(repairOutputRoot),
                    Optional.ofNullable(repairWorkRoot), outputWindowTokens, detach, startTimeout, served, hotLoad,
                    recovery, settings);
        }
    }
}
