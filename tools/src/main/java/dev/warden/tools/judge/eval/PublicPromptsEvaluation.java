package dev.warden.tools.judge.eval;

import dev.warden.judge.score.Judge;
import dev.warden.judge.score.JudgeRequest;
import dev.warden.judge.score.Verdict;
import dev.warden.tools.guard.DataSplit;
import dev.warden.tools.guard.SafetyData;
import dev.warden.tools.guard.SafetyRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The judge's prompt verdicts on public prompts: the test split of a safety-train directory (the guard model's
 * split, {@link DataSplit}), every row judged as a prompt. Prints, as Markdown, the share flagged unsafe per
 * label and per source: recall for harmful and jailbreak rows, the false-positive rate for benign ones.
 * Injection rows are listed too, though an injection is not a hazard the judge's verdict names (the gateway's
 * input rails catch those).
 */
public final class PublicPromptsEvaluation {

    /** The shares of one judge. */
    public record Shares(Map<String, int[]> byLabel, Map<String, int[]> bySource) {

        /** The share of rows of {@code label} flagged unsafe. */
        public double flagged(SafetyRow.Label label) {
            int[] c = byLabel.get(label.name().toLowerCase(Locale.ROOT));
            return c == null ? Double.NaN : (double) c[1] / c[0];
        }
    }

    private PublicPromptsEvaluation() {
    }

    /** Judges the test split of {@code dir}. */
    public static Shares judge(Judge judge, Path dir) {
        List<SafetyRow> test = DataSplit.of(SafetyData.load(dir)).part(DataSplit.Part.TEST);
        Map<String, int[]> byLabel = new TreeMap<>();
        Map<String, int[]> bySource = new TreeMap<>();
        for (SafetyRow row : test) {
            boolean unsafe = judge.judge(JudgeRequest.ofPrompt(row.text())).toCompletableFuture().join().verdict()
                    == Verdict.UNSAFE;
            String label = row.label().name().toLowerCase(Locale.ROOT);
            count(byLabel, label, unsafe);
            count(bySource, label + " | " + row.source(), unsafe);
        }
        return new Shares(byLabel, bySource);
    }

    /** Prints the shares as Markdown tables. */
    public static void print(Shares shares) {
        System.out.printf("| label | rows | flagged unsafe |%n|---|---|---|%n");
        shares.byLabel().forEach((k, c) -> System.out.printf(Locale.ROOT, "| %s | %d | %.3f |%n", k, c[0],
                (double) c[1] / c[0]));
        System.out.printf("%n| label | source | rows | flagged unsafe |%n|---|---|---|---|%n");
        shares.bySource().forEach((k, c) -> System.out.printf(Locale.ROOT, "| %s | %d | %.3f |%n", k, c[0],
                (double) c[1] / c[0]));
        System.out.println();
    }

    private static void count(Map<String, int[]> map, String key, boolean unsafe) {
        int[] c = map.computeIfAbsent(key, k -> new int[2]);
        c[0]++;
        c[1] += unsafe ? 1 : 0;
    }
}
