package dev.warden.e2e.suite;

import dev.warden.model.runtime.TorchThreads;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One process of the suite (a service or Redis), started by this JVM: its command, its log file, and the probe
 * that says it is ready. Output (standard and error) goes to the log; standard input is {@code /dev/null}.
 * A detached process is started through {@code setsid}, in a session of its own, so that it outlives this JVM
 * and a Ctrl-C in the terminal that started it ({@code ./warden up}). Every process gets
 * {@code OMP_WAIT_POLICY=PASSIVE} unless its environment names a policy (see {@code TorchThreads}).
 */
public final class ServiceProcess {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private final String address;
    private final Process process;
    private final Path log;
    private final BooleanSupplier ready;

    private ServiceProcess(String name, String address, Process process, Path log, BooleanSupplier ready) {
        this.name = name;
        this.address = address;
        this.process = process;
        this.log = log;
        this.ready = ready;
    }

    /**
     * Starts {@code command} with its output in {@code log} (replaced).
     *
     * @param name    what it is, for messages and its pid file ({@code inference-demo-aligned}, {@code gateway} ...)
     * @param address where it listens, for messages
     * @param ready   true once it serves (polled by {@link #awaitReady})
     * @param env     environment variables added to this JVM's (secrets go here, not on the command line)
     * @param detach  run it in a session of its own ({@code setsid}), to outlive this JVM
     * @throws SuiteException when the process cannot be started
     */
    public static ServiceProcess start(String name, String address, List<String> command, Map<String, String> env,
                                       Path log, BooleanSupplier ready, boolean detach) {
        List<String> full = new ArrayList<>();
        if (detach) {
            full.add(setsid());
        }
        full.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            TorchThreads.childEnvironment(builder.environment()); // before libtorch loads (README.md, "CPU threads")
            Process process = builder.start();
            return new ServiceProcess(name, address, process, log, ready);
        } catch (IOException e) {
            throw new SuiteException("cannot start " + name + " (" + String.join(" ", command.subList(0,
                    Math.min(3, command.size()))) + " ...): " + e.getMessage(), e);
        }
    }

    /**
     * The command that runs a packaged service: this JVM's {@code java}, the heap, the serial collector (several
     * JVMs share few cores), DJL offline, the HTTP host, then {@code properties} as {@code -D} settings.
     */
    public static List<String> javaCommand(Path jar, String heap, String host, Map<String, String> properties) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dquarkus.http.host=" + host);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    /** Its name. */
    public String name() {
        return name;
    }

    /** Where it listens. */
    public String address() {
        return address;
    }

    /** Its process id. */
    public long pid() {
        return process.pid();
    }

    /** Its process handle. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Its log file. */
    public Path log() {
        return log;
    }

    /** Whether it still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits until the probe says ready.
     *
     * @throws SuiteException when the process exits, or is not ready within {@code timeout} (with its log's tail)
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new SuiteException(name + " exited with status " + process.exitValue() + " while starting; its"
                        + " log " + log + " ends with:\n" + tail(log, 15));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SuiteException(name + " was not ready after " + timeout.toSeconds() + " s; its log " + log
                        + " ends with:\n" + tail(log, 15));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Stops it: SIGTERM, then SIGKILL when it has not exited after {@code grace}. */
    public void stop(Duration grace) {
        stop(process.toHandle(), grace);
    }

    /** Stops {@code handle} and its descendants: SIGTERM, then SIGKILL after {@code grace}. */
    public static void stop(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        List<ProcessHandle> children = handle.descendants().toList();
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notYet) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by the caller's check of isAlive()
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** The last {@code lines} lines of {@code file} (indented), or a note that it cannot be read. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            StringBuilder sb = new StringBuilder();
            for (String line : last) {
                sb.append("    ").append(line.length() > 300 ? line.substring(0, 300) + " ..." : line).append('\n');
            }
            return sb.toString();
        } catch (IOException | RuntimeException e) {
            return "    (cannot read it: " + e.getMessage() + ")\n";
        }
    }

    private static String setsid() {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "setsid");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new SuiteException("setsid (util-linux) is needed to start the suite in the background; install it"
                + " or use ./warden demo, which runs in the foreground");
    }
}
