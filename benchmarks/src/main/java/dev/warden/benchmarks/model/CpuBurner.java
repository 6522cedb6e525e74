package dev.warden.benchmarks.model;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * A process that keeps one core busy, standing for the other work on a shared machine: spins until killed, or for
 * at most the given seconds (default 600), so that it never outlives a benchmark that died.
 *
 * <p>Run: {@code java -cp ... dev.warden.benchmarks.model.CpuBurner [seconds]}.
 */
@Command(name = "cpu-burner", mixinStandardHelpOptions = true,
        description = "Keeps one core busy until killed, or for at most SECONDS.")
public final class CpuBurner implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SECONDS", defaultValue = "600",
            description = "the longest it spins (default: ${DEFAULT-VALUE})")
    private long seconds;

    private CpuBurner() {
    }

    /** Spins on one thread for {@code args[0]} seconds (600 when absent). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CpuBurner()).execute(args));
    }

    @Override
    public Integer call() {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        double x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 1.0000001 + 1e-9; // floating-point work the JIT cannot remove (printed below)
            }
        }
        System.out.println(x > 0 ? "done" : "?");
        return 0;
    }
}
