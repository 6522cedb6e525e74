package dev.warden.e2e.cli;

import dev.warden.e2e.client.GatewayClient;
import dev.warden.e2e.story.DemoStory;
import dev.warden.e2e.story.Narrator;
import dev.warden.e2e.story.StoryResult;
import dev.warden.e2e.suite.RedisClient;
import dev.warden.e2e.suite.RunDirectory;
import dev.warden.e2e.suite.ServePreflight;
import dev.warden.e2e.suite.ServiceProcess;
import dev.warden.e2e.suite.Suite;
import dev.warden.e2e.suite.SuiteConfig;
import dev.warden.e2e.suite.SuiteException;
import dev.warden.model.cli.DemoModels;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./warden demo | up | down | status}: the suite on this machine.
 * <ul>
 *   <li>{@code demo}: builds the demo model if absent, starts Redis if none answers and the four services (the
 *       fine-tuned model served beside the aligned one), plays {@link DemoStory}, stops everything; exit 0 when
 *       the story went as told, 1 otherwise (the reasons printed), 2 when the suite could not start;</li>
 *   <li>{@code up}: the same suite in the background, with a dev API key; prints the URLs and example calls;</li>
 *   <li>{@code serve --model DIR ...}: the suite on the user's own checkpoints ({@link ServeCommand}), in the
 *       foreground until Ctrl-C or with {@code --detach} in the background;</li>
 *   <li>{@code down}: stops what {@code up} or {@code serve} started (from the pid files);</li>
 *   <li>{@code status}: what runs.</li>
 * </ul>
 * The checkout is {@code -Dwarden.root} (default: the working directory); Redis is {@code $WARDEN_REDIS}
 * ({@code host:port}, default {@code 127.0.0.1:6379}).
 */
@Command(name = "./warden", mixinStandardHelpOptions = true, description = "The suite on this machine.")
public final class SuiteCommand implements Callable<Integer> {

    /** {@code suite.properties}: what {@code up} started, for {@code down}, {@code status} and a second {@code up}. */
    static final String SUITE_FILE = "suite.properties";
    /** Tokens kept across {@code up}s, so that keys and scripts keep working. */
    static final String SECRETS_FILE = "secrets.properties";
    /** The tenant of {@code up}'s dev key. */
    static final String DEV_TENANT = "dev";
    /** The Redis prefix of {@code demo} (cleared before and after, so nothing of a demo lingers). */
    static final String DEMO_NAMESPACE = "warden-demo:";

    private final Path root;
    private final Path runPath;
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    private CommandSpec spec;

    SuiteCommand(Path root, PrintStream out, PrintStream err) {
        this(root, root.resolve(".warden").resolve("run"), out, err);
    }

    /** A command whose run directory is {@code runDir} instead of {@code <root>/.warden/run} (tests). */
    SuiteCommand(Path root, Path runDir, PrintStream out, PrintStream err) {
        this.root = root.toAbsolutePath().normalize();
        this.runPath = runDir.toAbsolutePath().normalize();
        this.out = out;
        this.err = err;
    }

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("warden.root", "."));
        int code = new SuiteCommand(root, System.out, System.err).run(args);
        System.exit(code);
    }

    /**
     * Runs {@code args} (a subcommand and its options) and returns the exit code: 0, or the subcommand's; 2 for a
     * usage error or a suite that could not start, 130 when interrupted.
     */
    int run(String[] args) {
        CommandLine cli = new CommandLine(this).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    String name = "warden " + command.getCommandName();
                    if (e instanceof SuiteException) {
                        err.println(name + ": " + e.getMessage());
                        return 2;
                    }
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        err.println(name + ": interrupted");
                        return 130;
                    }
                    throw e;
                });
        return cli.execute(args);
    }

    /** No subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, description = "The whole story on this machine: the"
            + " demo model (built if absent), Redis (if none answers) and the four services, the story played, all"
            + " stopped again; exit 0 when it went as told, 1 otherwise, 2 when the suite could not start.")
    int demo() throws InterruptedException {
        long t0 = System.nanoTime();
        refuseIfUp();
        SuiteConfig.Builder builder = base().redisPrefixes(DEMO_NAMESPACE, DEMO_NAMESPACE + "recovery:");
        ensureDemoModel(builder.build());
        SuiteConfig config = builder.build();
        clearDemoKeys(config);
        out.println("warden demo: starting Redis (if needed) and the four services; logs in "
                + root.relativize(config.runDir().dir().resolve("logs")));
        AtomicBoolean stopped = new AtomicBoolean();
        Suite[] running = new Suite[1];
        Thread hook = new Thread(() -> {
            if (running[0] != null && !stopped.get()) {
                err.println();
                err.println("warden demo: interrupted; stopping the suite");
            }
            stop(running[0], stopped, config);
        }, "warden-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            running[0] = Suite.start(config, out::println);
            StoryResult result = new DemoStory(config, Narrator.console()).play();
            List<String> problems = result.problems();
            out.println();
            if (problems.isEmpty()) {
                out.printf(Locale.ROOT, "warden demo: the story went as told (%.0f s in all); stopping the suite.%n",
                        (System.nanoTime() - t0) / 1e9);
                return 0;
            }
            err.println("warden demo: the story did not go as told:");
            problems.forEach(p -> err.println("  - " + p));
            err.println("logs: " + config.runDir().dir().resolve("logs"));
            return 1;
        } catch (SuiteException e) {
            if (running[0] != null) {
                running[0].firstDead().ifPresent(dead -> err.println("warden demo: " + dead.name() + " is no longer"
                        + " running; its log " + dead.log() + " ends with:\n" + ServiceProcess.tail(dead.log(), 15)));
            }
            throw e;
        } finally {
            stop(running[0], stopped, config);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran
            }
        }
    }

    /**
     * Stops the suite and clears the demo's Redis keys, once. Called by the main thread when the story ends and by
     * the shutdown hook on Ctrl-C or SIGTERM: whichever comes second waits until the first is done, so the JVM
     * never exits halfway through.
     */
    private void stop(Suite suite, AtomicBoolean stopped, SuiteConfig config) {
        synchronized (stopped) {
            if (suite == null || !stopped.compareAndSet(false, true)) {
                return;
            }
            suite.close();
            clearDemoKeys(config);
        }
    }

    private void clearDemoKeys(SuiteConfig config) {
        if (!RedisClient.answers(config.redisHost(), config.redisPort())) {
            return;
        }
        try (RedisClient redis = RedisClient.connect(config.redisHost(), config.redisPort())) {
            redis.deletePrefix(DEMO_NAMESPACE);
        } catch (IOException e) {
            err.println("warden demo: could not clear the demo's Redis keys (" + DEMO_NAMESPACE + "*): "
                    + e.getMessage());
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "The demo suite in the background, with a"
            + " dev API key; prints the URLs and example calls.")
    int up() throws InterruptedException {
        RunDirectory runDir = new RunDirectory(runPath);
        if (runDir.recorded().stream().anyMatch(r -> r.live().isPresent())) {
            out.println("warden up: the suite is running already.");
            out.println();
            out.print(UpBanner.text(runDir.loadProperties(SUITE_FILE), root));
            return 0;
        }
        SuiteConfig.Builder builder = withTokens(base().detach(true));
        ensureDemoModel(builder.build());
        SuiteConfig config = builder.build();
        out.println("warden up: starting the suite in the background; logs in " + shown(config.runDir().dir()
                .resolve("logs")));
        Suite suite = Suite.start(config, out::println);
        try {
            Properties p = UpBanner.properties(config, devKey(config, Map.of("defense_prompt", false)),
                    suite.startedRedis());
            runDir.saveProperties(SUITE_FILE, p);
            out.println();
            out.print(UpBanner.text(p, root));
            return 0;
        } catch (RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    /**
     * {@code serve}: the suite on the user's checkpoints. Everything is checked before anything starts (options,
     * checkpoints, memory, ports); then the suite starts, a dev key is made and the banner printed. In the
     * foreground it runs until Ctrl-C (or until {@code ./warden down} from elsewhere, or a service dies).
     */
    @Command(name = "serve")
    int serve(@Mixin ServeCommand options) throws InterruptedException {
        RunDirectory runDir = new RunDirectory(runPath);
        if (runDir.recorded().stream().anyMatch(r -> r.live().isPresent())) {
            throw new SuiteException("a suite is running already (./warden status); stop it with ./warden down"
                    + " first");
        }
        SuiteConfig config = options.configure(withTokens(base().detach(options.detach))).build();
        ServePreflight.check(config); // Suite.start checks again (after the ports); here before the line below
        out.println("warden serve: starting " + config.models().size() + (config.models().size() == 1 ? " model"
                : " models") + (options.detach ? " in the background" : "") + "; logs in "
                + shown(config.runDir().dir().resolve("logs")));
        AtomicBoolean stopped = new AtomicBoolean();
        Suite suite = Suite.start(config, out::println);
        Thread hook = new Thread(() -> {
            synchronized (stopped) {
                if (stopped.compareAndSet(false, true)) {
                    err.println();
                    err.println("warden serve: stopping");
                    suite.close();
                }
            }
        }, "warden-serve-stop");
        if (!options.detach) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            Map<String, Object> policy = options.railsOn() ? Map.of("defense_prompt", false)
                    : Map.of("input_rails", false, "output_rails", false, "defense_prompt", false);
            Properties p = UpBanner.serveProperties(config, devKey(config, policy), suite.startedRedis(),
                    options.railsOn());
            runDir.saveProperties(SUITE_FILE, p);
            out.println();
            out.print(UpBanner.text(p, root));
        } catch (RuntimeException e) {
            hook.run();
            throw e;
        }
        if (options.detach) {
            return 0;
        }
        out.println("Serving in the foreground: Ctrl-C stops it.");
        while (true) {
            Thread.sleep(1000);
            if (stopped.get()) {
                continue; // Ctrl-C: the shutdown hook stops the suite, then the JVM ends
            }
            if (runDir.recorded().isEmpty()) {
                stopped.set(true);
                out.println("warden serve: stopped by ./warden down");
                return 0;
            }
            java.util.Optional<ServiceProcess> dead = suite.firstDead();
            if (dead.isPresent()) {
                Thread.sleep(1500);
                if (stopped.get()) {
                    continue;
                }
                if (runDir.recorded().stream().noneMatch(r -> r.name().equals(dead.get().name()))) {
                    stopped.set(true);
                    out.println("warden serve: stopped by ./warden down");
                    return 0;
                }
                err.println("warden serve: " + dead.get().name() + " stopped; its log " + dead.get().log()
                        + " ends with:\n" + ServiceProcess.tail(dead.get().log(), 15));
                hook.run();
                return 1;
            }
        }
    }

    /** The builder with the admin and recovery tokens kept in {@code .warden/secrets.properties} across runs. */
    private SuiteConfig.Builder withTokens(SuiteConfig.Builder builder) {
        RunDirectory secretsDir = new RunDirectory(runPath.getParent());
        Properties secrets = secretsDir.loadProperties(SECRETS_FILE);
        if (secrets.getProperty("admin.token") == null || secrets.getProperty("recovery.token") == null) {
            secrets.setProperty("admin.token", SuiteConfig.randomToken());
            secrets.setProperty("recovery.token", SuiteConfig.randomToken());
            secretsDir.saveProperties(SECRETS_FILE, secrets);
        }
        return builder.runDir(runPath).tokens(secrets.getProperty("admin.token"),
                secrets.getProperty("recovery.token"));
    }

    /**
     * The dev key: the previous run's when it still works (so scripts keep working), else a new one; either way the
     * dev tenant gets {@code policy}.
     */
    private String devKey(SuiteConfig config, Map<String, Object> policy) {
        GatewayClient gateway = new GatewayClient(config.gatewayUrl(), config.adminToken());
        gateway.setPolicy(DEV_TENANT, policy);
        String key = new RunDirectory(runPath).loadProperties(SUITE_FILE).getProperty("dev.key");
        return key != null && gateway.keyWorks(key) ? key : gateway.createKey(DEV_TENANT, List.of());
    }

    private String shown(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stops what ./warden up or serve"
            + " started.")
    int down() {
        RunDirectory runDir = new RunDirectory(runPath);
        List<RunDirectory.Recorded> recorded = runDir.recorded();
        if (recorded.stream().noneMatch(r -> r.live().isPresent())) {
            recorded.forEach(r -> runDir.forget(r.name()));
            out.println("warden down: nothing is running.");
            return 0;
        }
        // services first, Redis (when warden started it) last
        for (boolean redis : new boolean[] {false, true}) {
            for (RunDirectory.Recorded r : recorded) {
                if (r.name().equals("redis") != redis) {
                    continue;
                }
                r.live().ifPresent(h -> {
                    ServiceProcess.stop(h, Duration.ofSeconds(20));
                    out.println("  stopped " + r.name() + " (pid " + r.pid() + ")");
                });
                runDir.forget(r.name());
            }
        }
        out.println("warden down: the suite is stopped.");
        return 0;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "What ./warden up or serve started,"
            + " and whether it runs; exit 1 when something is not running.")
    int status() {
        RunDirectory runDir = new RunDirectory(runPath);
        List<RunDirectory.Recorded> recorded = runDir.recorded();
        if (recorded.isEmpty()) {
            out.println("warden status: nothing started by ./warden up or serve.");
            return 0;
        }
        boolean all = true;
        for (RunDirectory.Recorded r : recorded) {
            boolean alive = r.live().isPresent();
            all &= alive;
            out.printf(Locale.ROOT, "  %-26s pid %-8d %s%n", r.name(), r.pid(), alive ? "running" : "NOT RUNNING");
        }
        return all ? 0 : 1;
    }

    private void refuseIfUp() {
        RunDirectory runDir = new RunDirectory(runPath);
        if (runDir.recorded().stream().anyMatch(r -> r.live().isPresent())) {
            throw new SuiteException("the suite started by ./warden up is running (./warden status); the demo needs"
                    + " its ports: stop it with ./warden down first");
        }
    }

    private SuiteConfig.Builder base() {
        SuiteConfig.Builder b = SuiteConfig.builder(root).runDir(runPath);
        String redis = System.getenv("WARDEN_REDIS");
        if (redis != null && !redis.isBlank()) {
            String[] hostPort = redis.trim().replaceFirst("^redis://", "").split(":");
            try {
                b.redis(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 6379, true);
            } catch (NumberFormatException e) {
                throw new SuiteException("WARDEN_REDIS must be host:port, got '" + redis + "'");
            }
        }
        return b;
    }

    private void ensureDemoModel(SuiteConfig config) {
        if (!DemoModels.isBuilt(config.modelsDir().resolve("demo"))) {
            out.println("warden: building the demo model first (about 3 minutes on 2 cores, once)...");
            DemoModels.ensureBuilt(config.modelsDir());
        }
    }
}
