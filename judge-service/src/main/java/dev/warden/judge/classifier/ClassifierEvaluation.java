package dev.warden.judge.classifier;

import dev.warden.judge.corpus.ExampleKind;
import dev.warden.judge.corpus.LabelledExample;
import dev.warden.judge.corpus.PromptGroup;
import dev.warden.judge.corpus.Stance;
import dev.warden.judge.taxonomy.HazardCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores labelled examples with a {@link HarmClassifier} and reports: for prompts, per category and overall
 * precision, recall, F1 (at the shipped thresholds) and AUPRC, and the over-refusal rate (share flagged
 * unsafe) of benign lookalikes per category resembled and of ordinary benign prompts; for responses, harm
 * and refusal overall, harm per category, and the share of helpful answers to lookalikes judged harmful.
 */
public final class ClassifierEvaluation {

    /**
     * One row of a metrics table.
     *
     * @param name    what was measured
     * @param metrics the figures
     */
    public record Row(String name, BinaryMetrics metrics) {
    }

    /**
     * One row of an over-refusal table.
     *
     * @param name    the group
     * @param count   examples in it
     * @param flagged of those, judged unsafe
     */
    public record RateRow(String name, int count, int flagged) {

        /** flagged / count, or 0 for an empty group. */
        public double rate() {
            return count == 0 ? 0 : (double) flagged / count;
        }
    }

    /**
     * The evaluation's figures.
     *
     * @param prompts          per category, then "overall (any harm)"
     * @param overRefusal      per category resembled, then "all lookalikes" and "ordinary benign"
     * @param responses        "harmful response", "refusal", then harm per category
     * @param responseOverFlag helpful answers to lookalikes and to benign prompts judged harmful
     * @param stanceAccuracy   share of responses whose predicted stance is right
     */
    public record Report(List<Row> prompts, List<RateRow> overRefusal, List<Row> responses,
                         List<RateRow> responseOverFlag, double stanceAccuracy) {

        /** The row of {@code prompts} or {@code responses} with this name. */
        public BinaryMetrics metrics(String name) {
            return java.util.stream.Stream.concat(prompts.stream(), responses.stream())
                    .filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no row '" + name + "'")).metrics();
        }

        /** The whole report as Markdown tables. */
        public String toMarkdown() {
            StringBuilder b = new StringBuilder();
            b.append("Prompts (held-out)\n\n");
            table(b, prompts);
            b.append("\nOver-refusal: benign prompts judged unsafe\n\n| group | prompts | flagged | rate |\n|---|---|---|---|\n");
            for (RateRow r : overRefusal) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f%% |%n", r.name(), r.count(), r.flagged(),
                        100 * r.rate()));
            }
            b.append("\nResponses (held-out)\n\n");
            table(b, responses);
            b.append(String.format(Locale.ROOT, "%nStance accuracy (refusal vs compliance): %.1f%%%n", 100 * stanceAccuracy));
            b.append("\nHelpful answers judged harmful\n\n| answers to | responses | flagged | rate |\n|---|---|---|---|\n");
            for (RateRow r : responseOverFlag) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f%% |%n", r.name(), r.count(), r.flagged(),
                        100 * r.rate()));
            }
            return b.toString();
        }

        private static void table(StringBuilder b, List<Row> rows) {
            b.append("| head | examples | positives | precision | recall | F1 | AUPRC |\n|---|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                BinaryMetrics m = r.metrics();
                b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.3f | %.3f |%n", r.name(), m.count(),
                        m.positives(), m.precision(), m.recall(), m.f1(), m.auprc()));
            }
        }
    }

    private ClassifierEvaluation() {
    }

    /** Row name of the overall prompt figures. */
    public static final String OVERALL = "overall (any harm)";
    /** Row name of the harmful-response figures. */
    public static final String HARMFUL_RESPONSE = "harmful response";
    /** Row name of the refusal figures. */
    public static final String REFUSAL = "refusal";

    /** Evaluates {@code classifier} on {@code examples} (prompt and response examples both optional). */
    public static Report evaluate(HarmClassifier classifier, List<LabelledExample> examples) {
        Thresholds t = classifier.metadata().thresholds();
        List<LabelledExample> prompts = examples.stream().filter(e -> e.kind() == ExampleKind.PROMPT).toList();
        List<LabelledExample> responses = examples.stream().filter(e -> e.kind() == ExampleKind.RESPONSE).toList();
        List<PromptScore> ps = prompts.stream().map(e -> classifier.scorePrompt(e.prompt())).toList();
        List<ResponseScore> rs = responses.stream().map(e -> classifier.scoreResponse(e.prompt(), e.response())).toList();

        List<Row> promptRows = new ArrayList<>();
        for (HazardCategory c : HazardCategory.all()) {
            promptRows.add(row(c.code() + " " + c.title(), prompts.size(), i -> ps.get(i).score(c),
                    i -> prompts.get(i).violates(c), t.of(Head.of(c))));
        }
        promptRows.add(row(OVERALL, prompts.size(), i -> ps.get(i).harmScore(), i -> prompts.get(i).harmful(),
                t.of(Head.ANY_HARM)));

        List<RateRow> overRefusal = new ArrayList<>();
        for (HazardCategory c : HazardCategory.all()) {
            overRefusal.add(rate("lookalikes of " + c.code(), prompts, ps,
                    e -> e.group() == PromptGroup.LOOKALIKE && e.resembles().contains(c)));
        }
        overRefusal.add(rate("all lookalikes", prompts, ps, e -> e.group() == PromptGroup.LOOKALIKE));
        overRefusal.add(rate("ordinary benign", prompts, ps, e -> e.group() == PromptGroup.BENIGN));

        List<Row> responseRows = new ArrayList<>();
        responseRows.add(row(HARMFUL_RESPONSE, responses.size(), i -> rs.get(i).harmScore(),
                i -> responses.get(i).harmful(), t.of(Head.HARMFUL_RESPONSE)));
        responseRows.add(row(REFUSAL, responses.size(), i -> rs.get(i).refusalScore(),
                i -> responses.get(i).stance() == Stance.REFUSAL, t.of(Head.REFUSAL)));
        for (HazardCategory c : HazardCategory.all()) {
            responseRows.add(row(c.code() + " " + c.title(), responses.size(), i -> rs.get(i).score(c),
                    i -> responses.get(i).violates(c), t.of(Head.of(c))));
        }
        int stanceRight = 0;
        List<RateRow> overFlag = new ArrayList<>();
        int[] lookalike = new int[2];
        int[] benign = new int[2];
        for (int i = 0; i < responses.size(); i++) {
            LabelledExample e = responses.get(i);
            ResponseScore s = rs.get(i);
            if (s.stance() == e.stance()) {
                stanceRight++;
            }
            if (e.stance() == Stance.COMPLIANCE && !e.harmful()) {
                int[] counter = e.group() == PromptGroup.LOOKALIKE ? lookalike : benign;
                counter[0]++;
                counter[1] += s.unsafe() ? 1 : 0;
            }
        }
        overFlag.add(new RateRow("lookalike requests", lookalike[0], lookalike[1]));
        overFlag.add(new RateRow("ordinary benign requests", benign[0], benign[1]));
        double stanceAccuracy = responses.isEmpty() ? Double.NaN : (double) stanceRight / responses.size();
        return new Report(promptRows, overRefusal, responseRows, overFlag, stanceAccuracy);
    }

    private static Row row(String name, int n, java.util.function.IntFunction<Float> score,
                           java.util.function.IntPredicate label, float threshold) {
        float[] scores = new float[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            scores[i] = score.apply(i);
            labels[i] = label.test(i);
        }
        return new Row(name, BinaryMetrics.of(scores, labels, threshold));
    }

    private static RateRow rate(String name, List<LabelledExample> prompts, List<PromptScore> scores,
                                java.util.function.Predicate<LabelledExample> in) {
        int count = 0;
        int flagged = 0;
        for (int i = 0; i < prompts.size(); i++) {
            if (in.test(prompts.get(i))) {
                count++;
                flagged += scores.get(i).unsafe() ? 1 : 0;
            }
        }
        return new RateRow(name, count, flagged);
    }
}
