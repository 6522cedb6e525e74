package dev.warden.benchmarks.model;

import dev.warden.model.runtime.TorchThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decode throughput on cores shared with other work: {@code busy} {@link CpuBurner} processes keep cores busy while
 * a child JVM runs {@link ModelBenchmark} once with Warden's defaults (one PyTorch thread,
 * {@code OMP_WAIT_POLICY=PASSIVE}) and once with PyTorch's own (one intra-op thread per core, no wait policy: the
 * OpenMP runtime's workers spin before they sleep). Each setting is measured idle first, then beside the burners.
 * The settings differ in the child's environment, which OpenMP reads when libtorch loads: hence child JVMs. The
 * burners and the children run on this JVM's java binary and classpath ({@code java.class.path}).
 */
final class SharedCoresBenchmark {

    /** One way to run PyTorch on the CPU. */
    record Setting(String name, int threads, String waitPolicy) {

        /** The child's environment: this process's, with {@code OMP_WAIT_POLICY} as the setting says. */
        Map<String, String> environment(Map<String, String> inherited) {
            Map<String, String> env = new java.util.HashMap<>(inherited);
            env.remove(TorchThreads.WAIT_POLICY);
            if (waitPolicy != null) {
                env.put(TorchThreads.WAIT_POLICY, waitPolicy);
            }
            return env;
        }

        String describe() {
            return threads + " thread" + (threads == 1 ? "" : "s") + ", OMP_WAIT_POLICY="
                    + (waitPolicy == null ? "unset" : waitPolicy);
        }
    }

    /** System properties of this JVM its children get too (benchmarks/' classpath holds two slf4j providers). */
    private static final List<String> FORWARDED_PROPERTIES = List.of("slf4j.provider", "slf4j.internal.verbosity");

    private SharedCoresBenchmark() {
    }

    /** Warden's defaults and PyTorch's own on a machine with {@code cores} cores. */
    static List<Setting> settings(int cores) {
        return List.of(new Setting("warden", TorchThreads.DEFAULT_THREADS, TorchThreads.DEFAULT_WAIT_POLICY),
                new Setting("pytorch", cores, null));
    }

    /** Runs the comparison; {@code childArgs} are ModelBenchmark's options for one measurement. */
    static int run(int busy, List<String> childArgs) throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "decode beside %d CPU-burning process%s on %d cores (%s)%n", busy,
                busy == 1 ? "" : "es", cores, String.join(" ", childArgs));
        List<Setting> settings = settings(cores);
        double[][] tokS = new double[settings.size()][2];
        for (int phase = 0; phase < 2; phase++) {
            List<Process> burners = phase == 1 ? startBurners(busy) : List.of();
            try {
                if (phase == 1) {
                    Thread.sleep(1000); // the burners at full speed before the model starts
                }
                for (int i = 0; i < settings.size(); i++) {
                    Setting s = settings.get(i);
                    String line = measure(s, childArgs);
                    tokS[i][phase] = field(line, "decode_tok_s");
                    System.out.printf(Locale.ROOT, "%-5s %-8s (%s): %s%n", phase == 0 ? "idle" : "busy", s.name(),
                            s.describe(), line);
                }
            } finally {
                burners.forEach(Process::destroyForcibly);
                for (Process p : burners) {
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        System.out.println();
        System.out.println("| setting | idle decode tok/s | beside " + busy + " busy | busy / idle |");
        System.out.println("|---|---|---|---|");
        for (int i = 0; i < settings.size(); i++) {
            System.out.printf(Locale.ROOT, "| %s (%s) | %.1f | %.1f | %.2f |%n", settings.get(i).name(),
                    settings.get(i).describe(), tokS[i][0], tokS[i][1], tokS[i][1] / tokS[i][0]);
        }
        System.out.printf(Locale.ROOT, "beside %d busy: warden's defaults decode %.1fx as fast as PyTorch's%n", busy,
                tokS[0][1] / tokS[1][1]);
        return 0;
    }

    private static List<Process> startBurners(int n) {
        List<Process> burners = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                burners.add(new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                        CpuBurner.class.getName(), "900").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            return burners;
        } catch (IOException e) {
            burners.forEach(Process::destroyForcibly);
            throw new UncheckedIOException("cannot start a CPU burner", e);
        }
    }

    /** One child ModelBenchmark under {@code s}; returns its result line. */
    private static String measure(Setting s, List<String> childArgs) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-Dai.djl.offline=true",
                "-D" + TorchThreads.PROPERTY + "=" + s.threads(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
                "-cp", System.getProperty("java.class.path")));
        for (String property : FORWARDED_PROPERTIES) { // the launcher's choice of logging provider, if any
            if (System.getProperty(property) != null) {
                cmd.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        cmd.add(ModelBenchmark.class.getName());
        cmd.addAll(childArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(s.environment(System.getenv()));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            String line = out.lines().filter(l -> l.startsWith("shape=") || l.startsWith("model="))
                    .findFirst().orElse(null);
            if (code != 0 || line == null) {
                throw new IllegalStateException("the " + s.name() + " run exited " + code + ": " + out);
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the benchmark JVM", e);
        }
    }

    /** The number after {@code key=} in a ModelBenchmark result line. */
    static double field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Double.parseDouble(part.substring(key.length() + 1));
            }
        }
        throw new IllegalArgumentException("no " + key + " in: " + line);
    }

    /** This JVM's java binary: the children run on the same JDK and this JVM's classpath, wherever it came from. */
    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
