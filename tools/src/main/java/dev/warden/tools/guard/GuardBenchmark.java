package dev.warden.tools.guard;

import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.GuardScores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./warden bench-guard [--data DIR] [--model DIR] [--seconds N] [--with-payloads]}: the shipped guard model's
 * speed on ~2 KB prompts ({@code score}, or {@code scoreWithPayloads} with the flag),
 * one thread: 2,000 distinct texts (safety-train rows, each padded with further rows to 2,048 characters;
 * synthetic text when no data directory is given), 20,000 warm-up calls, then scores back to back for N
 * seconds (default 10), every call timed. Prints scores/s and the latency percentiles.
 */
@Command(name = "bench-guard", mixinStandardHelpOptions = true,
        description = "The shipped guard model's scores/s and latency on ~2 KB prompts, one thread.")
public final class GuardBenchmark implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "safety-train JSONL the prompts are made of"
            + " (default: synthetic text)")
    private Path data;

    @Option(names = "--model", paramLabel = "DIR", description = "a model directory (default: the shipped one)")
    private Path model;

    @Option(names = "--with-payloads", description = "time GuardModel.scoreWithPayloads (what the rails and the"
            + " judge call: the text and its decoded payloads) instead of score")
    private boolean withPayloads;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10",
            description = "measured seconds (default: ${DEFAULT-VALUE})")
    private int seconds;

    @Spec
    private CommandSpec spec;

    private GuardBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GuardBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        if (seconds < 1) {
            throw new ParameterException(spec.commandLine(), "--seconds must be >= 1, got " + seconds);
        }
        List<String> pool = new ArrayList<>();
        if (data != null) {
            SafetyData.load(data).forEach(r -> pool.add(r.text()));
        } else {
            for (int i = 0; i < 500; i++) {
                pool.add("Please write a short note number " + i + " about gardens, rivers and the history of bread.");
            }
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0, k = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder();
            while (b.length() < 2048) {
                b.append(pool.get(k++ % pool.size())).append('\n');
            }
            texts.add(b.substring(0, 2048));
        }
        GuardModel loaded = this.model == null ? GuardModel.load() : GuardModel.load(this.model);
        Function<String, GuardScores> model = withPayloads ? loaded::scoreWithPayloads : loaded::score;
        float sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += model.apply(texts.get(i % texts.size())).probability(GuardHead.ANY_HARM);
        }
        long[] latencies = new long[1 << 22];
        int n = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now = start;
        while (now < end && n < latencies.length) {
            long t0 = now;
            sink += model.apply(texts.get(n % texts.size())).probability(GuardHead.ANY_HARM);
            now = System.nanoTime();
            latencies[n++] = now - t0;
        }
        double elapsed = (now - start) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf("guard model%s, 2 KB prompts, one thread: %d scores in %.1f s = %,.0f scores/s;"
                        + " p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (checksum %.1f)%n",
                withPayloads ? " with payloads" : "", n, elapsed, n / elapsed,
                ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 0.999), sorted[n - 1] / 1e6, sink);
        return 0;
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }
}
