package dev.warden.model.bench;

/**
 * A process that keeps one core busy, standing for the other work on a shared machine: spins until killed, or for
 * at most the given seconds (default 600), so that it never outlives a benchmark that died.
 *
 * <p>Run: {@code java -cp ... dev.warden.model.bench.CpuBurner [seconds]}.
 */
public final class CpuBurner {

    private CpuBurner() {
    }

    /** Spins on one thread for {@code args[0]} seconds (600 when absent). */
    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 600;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        double x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 1.0000001 + 1e-9; // floating-point work the JIT cannot remove (printed below)
            }
        }
        System.out.println(x > 0 ? "done" : "?");
    }
}
