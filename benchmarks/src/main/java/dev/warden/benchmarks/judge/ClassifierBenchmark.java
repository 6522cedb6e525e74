package dev.warden.benchmarks.judge;

import dev.warden.judge.classifier.HarmClassifier;
import dev.warden.tools.judge.corpus.CorpusFiles;
import dev.warden.tools.judge.corpus.ExampleKind;
import dev.warden.tools.judge.corpus.LabelledExample;
import dev.warden.tools.judge.corpus.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Speed of the shipped classifier on one thread: scores per second and p50/p99 latency of
 * {@link HarmClassifier#scorePrompt} on ~2 KB texts and of {@link HarmClassifier#scoreResponse} on a
 * held-out prompt with a ~2 KB response:
 * <pre>
 *   ./warden bench-classifier [--seconds S]
 * </pre>
 * Texts are held-out responses joined until they reach 2,048 characters. A warm-up of the same length
 * runs first (JIT).
 */
@Command(name = "bench-classifier", mixinStandardHelpOptions = true,
        description = "Scores/s and latency of the judge's classifier (tier 2) on 2 KB texts, one thread.")
public final class ClassifierBenchmark implements Callable<Integer> {

    private static final int TEXT_CHARS = 2048;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "time of each measurement, the warm-up included (default: ${DEFAULT-VALUE})")
    private double seconds;

    private ClassifierBenchmark() {
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ClassifierBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        HarmClassifier classifier = HarmClassifier.load();
        List<LabelledExample> responses = CorpusFiles.load(Split.HELDOUT).stream()
                .filter(e -> e.kind() == ExampleKind.RESPONSE).toList();
        List<String> texts = texts(responses);
        List<String> prompts = responses.stream().map(LabelledExample::prompt).toList();
        System.out.printf("%d texts of %d+ chars (mean %.0f)%n", texts.size(), TEXT_CHARS,
                texts.stream().mapToInt(String::length).average().orElse(0));
        measure("warm-up", seconds, i -> classifier.scorePrompt(texts.get(i % texts.size())).harmScore());
        measure("scorePrompt (2 KB)", seconds, i -> classifier.scorePrompt(texts.get(i % texts.size())).harmScore());
        measure("scoreResponse (prompt + 2 KB)", seconds,
                i -> classifier.scoreResponse(prompts.get(i % prompts.size()), texts.get(i % texts.size())).harmScore());
        return 0;
    }

    /** Joins response texts into texts of at least {@link #TEXT_CHARS} characters. */
    private static List<String> texts(List<LabelledExample> responses) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (LabelledExample e : responses) {
            b.append(e.response()).append("\n\n");
            if (b.length() >= TEXT_CHARS) {
                out.add(b.substring(0, TEXT_CHARS));
                b.setLength(0);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("not enough response text for one 2 KB text");
        }
        return out;
    }

    private interface Call {
        float run(int i);
    }

    private static void measure(String name, double seconds, Call call) {
        long[] latencies = new long[1 << 22];
        int n = 0;
        float sink = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now = start;
        while (now < end && n < latencies.length) {
            long t0 = System.nanoTime();
            sink += call.run(n);
            now = System.nanoTime();
            latencies[n++] = now - t0;
        }
        double elapsed = (now - start) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf("%-32s %,10.0f scores/s  p50 %6.1f us  p99 %6.1f us  p99.9 %6.1f us  (%d calls, checksum %.1f)%n",
                name, n / elapsed, sorted[n / 2] / 1e3, sorted[(int) (n * 0.99)] / 1e3,
                sorted[(int) (n * 0.999)] / 1e3, n, sink);
    }
}
