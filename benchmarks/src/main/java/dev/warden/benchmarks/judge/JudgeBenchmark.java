package dev.warden.benchmarks.judge;

import dev.warden.judge.score.Judge;
import dev.warden.judge.score.JudgeRequest;
import dev.warden.tools.judge.corpus.CorpusFiles;
import dev.warden.tools.judge.corpus.ExampleKind;
import dev.warden.tools.judge.corpus.LabelledExample;
import dev.warden.tools.judge.corpus.Split;
import dev.warden.tools.judge.eval.LocalJudges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Speed of tiers 1 + 2 (rules, then the classifier when the rules are unsure) on ~2 KB texts, on ONE
 * thread (so the figure is per core): judgements per second and latency p50 / p99 / max. The texts are
 * 2,000 held-out prompts and responses, in the split's proportion (70 / 30), joined up to 2,048 characters, so
 * that the mix of sure and escalated judgements is the corpus's. Targets (issue): >= 10,000 judgements/s per core and p99 <= 2 ms.
 *
 * <pre>./warden bench-judge [--seconds 10]</pre>
 */
@Command(name = "bench-judge", mixinStandardHelpOptions = true,
        description = "Judgements/s per core and latency of the judge's tiers 1+2 on 2 KB texts, one thread.")
public final class JudgeBenchmark implements Callable<Integer> {

    private static final int TEXT_CHARS = 2048;
    private static final int TEXTS = 2_000;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "measurement time after the warm-up (default: ${DEFAULT-VALUE})")
    private int seconds;

    private JudgeBenchmark() {
    }

    /** Entry point: runs the benchmark and prints its figures. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new JudgeBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        List<LabelledExample> heldout = CorpusFiles.load(Split.HELDOUT);
        List<JudgeRequest> requests = requests(heldout);
        Judge judge = LocalJudges.of(true, true, 0.5f);
        for (int i = 0; i < 20_000; i++) { // warm-up: JIT
            judge.judge(requests.get(i % requests.size())).toCompletableFuture().join();
        }
        long[] latencies = new long[4_000_000];
        int n = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end && n < latencies.length) {
            JudgeRequest r = requests.get(n % requests.size());
            long t0 = System.nanoTime();
            judge.judge(r).toCompletableFuture().join();
            latencies[n++] = System.nanoTime() - t0;
        }
        double took = (System.nanoTime() - start) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        long responses = requests.stream().filter(r -> !r.response().isEmpty()).count();
        System.out.printf(Locale.ROOT, "tiers 1+2 on %d-char texts (%d distinct held-out examples: %d prompts, %d"
                + " responses), 1 thread:%n", TEXT_CHARS, requests.size(), requests.size() - responses, responses);
        System.out.printf(Locale.ROOT, "  %,d judgements in %.1f s: %,.0f judgements/s per core%n", n, took, n / took);
        System.out.printf(Locale.ROOT, "  latency p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
                at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999), sorted[n - 1] / 1e6);
        return 0;
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /**
     * {@value #TEXTS} examples of the held-out split, prompts and responses in the split's proportion (each kind
     * taken at an even stride through its own examples, so the selection is the same every run), in the split's
     * order; each text padded with the examples that follow it to {@value #TEXT_CHARS} characters. (The split
     * lists its prompts first: one stride over the whole split, as before 2026-12-07, took prompts only.)
     */
    static List<JudgeRequest> requests(List<LabelledExample> examples) {
        Map<ExampleKind, List<Integer>> byKind = new EnumMap<>(ExampleKind.class);
        for (int i = 0; i < examples.size(); i++) {
            byKind.computeIfAbsent(examples.get(i).kind(), k -> new ArrayList<>()).add(i);
        }
        int texts = Math.min(TEXTS, examples.size());
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> ofKind : byKind.values()) {
            int n = (int) Math.round((double) texts * ofKind.size() / examples.size());
            for (int k = 0; k < n; k++) {
                chosen.add(ofKind.get((int) ((long) k * ofKind.size() / n)));
            }
        }
        Collections.sort(chosen);
        List<JudgeRequest> out = new ArrayList<>();
        for (int i : chosen) {
            LabelledExample e = examples.get(i);
            StringBuilder text = new StringBuilder(judged(e));
            for (int j = i + 1; text.length() < TEXT_CHARS; j++) {
                text.append(' ').append(judged(examples.get(j % examples.size())));
            }
            String judged = text.substring(0, TEXT_CHARS);
            out.add(e.kind() == ExampleKind.PROMPT ? JudgeRequest.ofPrompt(judged)
                    : JudgeRequest.ofResponse(e.prompt(), judged));
        }
        return out;
    }

    private static String judged(LabelledExample e) {
        return e.kind() == ExampleKind.PROMPT ? e.prompt() : e.response();
    }
}
