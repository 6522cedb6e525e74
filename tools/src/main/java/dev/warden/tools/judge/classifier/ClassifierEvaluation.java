package dev.warden.tools.judge.classifier;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.judge.classifier.HarmClassifier;
import dev.warden.judge.classifier.Head;
import dev.warden.judge.classifier.PromptScore;
import dev.warden.judge.classifier.ResponseScore;
import dev.warden.judge.classifier.Thresholds;
import dev.warden.judge.score.Stance;
import dev.warden.tools.judge.corpus.ExampleKind;
import dev.warden.tools.judge.corpus.LabelledExample;
import dev.warden.tools.judge.corpus.PromptGroup;
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
     * How the examples of one group were decided.
     *
     * @param name      the group
     * @param count     examples in it
     * @param flagged   judged unsafe (harm at or above the threshold)
     * @param blocked   decided unsafe by tier 2 alone (harm above the escalation band)
     * @param escalated left to the next tier (harm inside the band)
     */
    public record RateRow(String name, int count, int flagged, int blocked, int escalated) {

        /** flagged / count, or 0 for an empty group. */
        public double rate() {
            return share(flagged);
        }

        /** A count as a share of the group. */
        public double share(int part) {
            return count == 0 ? 0 : (double) part / count;
        }
    }

    /**
     * The evaluation's figures.
     *
     * @param prompts          per category, then "overall (any harm)"
     * @param overRefusal      "harmful", then lookalikes per category resembled, "all lookalikes" and
     *                         "ordinary benign"
     * @param responses        "harmful response", "refusal", then harm per category
     * @param responseOverFlag harmful compliance, then helpful answers to lookalikes and to benign prompts
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
            b.append("\nDecisions on prompts by group (over-refusal: benign prompts judged unsafe)\n\n");
            rates(b, "prompts", overRefusal);
            b.append("\nResponses (held-out)\n\n");
            table(b, responses);
            b.append(String.format(Locale.ROOT, "%nStance accuracy (refusal vs compliance): %.1f%%%n", 100 * stanceAccuracy));
            b.append("\nDecisions on responses by group (helpful answers judged harmful)\n\n");
            rates(b, "responses", responseOverFlag);
            return b.toString();
        }

        private static void rates(StringBuilder b, String what, List<RateRow> rows) {
            b.append("| group | ").append(what).append(" | judged unsafe | unsafe by tier 2 alone | escalated |\n")
                    .append("|---|---|---|---|---|\n");
            for (RateRow r : rows) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %.1f%% |%n", r.name(), r.count(),
                        100 * r.rate(), 100 * r.share(r.blocked()), 100 * r.share(r.escalated())));
            }
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
        float[] harm = new float[ps.size()];
        for (int i = 0; i < harm.length; i++) {
            harm[i] = ps.get(i).harmScore();
        }
        float[] band = {t.of(Head.ANY_HARM), t.escalateLow(), t.escalateHigh()};
        overRefusal.add(rate("harmful (for contrast)", prompts, harm, band, e -> e.group() == PromptGroup.HARMFUL));
        for (HazardCategory c : HazardCategory.all()) {
            overRefusal.add(rate("lookalikes of " + c.code(), prompts, harm, band,
                    e -> e.group() == PromptGroup.LOOKALIKE && e.resembles().contains(c)));
        }
        overRefusal.add(rate("all lookalikes", prompts, harm, band, e -> e.group() == PromptGroup.LOOKALIKE));
        overRefusal.add(rate("ordinary benign", prompts, harm, band, e -> e.group() == PromptGroup.BENIGN));

        List<Row> responseRows = new ArrayList<>();
        responseRows.add(row(HARMFUL_RESPONSE, responses.size(), i -> rs.get(i).harmScore(),
                i -> responses.get(i).harmful(), t.of(Head.HARMFUL_RESPONSE)));
        responseRows.add(row(REFUSAL, responses.size(), i -> rs.get(i).refusalScore(),
                i -> responses.get(i).stance() == Stance.REFUSAL, t.of(Head.REFUSAL)));
        for (HazardCategory c : HazardCategory.all()) {
            responseRows.add(row(c.code() + " " + c.title(), responses.size(), i -> rs.get(i).score(c),
                    i -> responses.get(i).violates(c), t.of(Head.HARMFUL_RESPONSE)));
        }
        int stanceRight = 0;
        float[] responseHarm = new float[rs.size()];
        for (int i = 0; i < responses.size(); i++) {
            stanceRight += rs.get(i).stance() == responses.get(i).stance() ? 1 : 0;
            responseHarm[i] = rs.get(i).harmScore();
        }
        float[] responseBand = {t.of(Head.HARMFUL_RESPONSE), t.responseEscalateLow(), t.responseEscalateHigh()};
        List<RateRow> overFlag = new ArrayList<>();
        overFlag.add(rate("harmful compliance (for contrast)", responses, responseHarm, responseBand,
                LabelledExample::harmful));
        overFlag.add(rate("helpful answers to lookalikes", responses, responseHarm, responseBand,
                e -> e.stance() == Stance.COMPLIANCE && !e.harmful() && e.group() == PromptGroup.LOOKALIKE));
        overFlag.add(rate("helpful answers to ordinary benign", responses, responseHarm, responseBand,
                e -> e.stance() == Stance.COMPLIANCE && !e.harmful() && e.group() == PromptGroup.BENIGN));
        overFlag.add(rate("refusals and safe completions", responses, responseHarm, responseBand,
                e -> e.stance() == Stance.REFUSAL));
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

    /** Counts a group's decisions; {@code band} is {threshold, escalation low, escalation high}. */
    private static RateRow rate(String name, List<LabelledExample> examples, float[] harm, float[] band,
                                java.util.function.Predicate<LabelledExample> in) {
        int count = 0;
        int flagged = 0;
        int blocked = 0;
        int escalated = 0;
        for (int i = 0; i < examples.size(); i++) {
            if (in.test(examples.get(i))) {
                count++;
                flagged += harm[i] >= band[0] ? 1 : 0;
                blocked += harm[i] >= band[2] ? 1 : 0;
                escalated += harm[i] > band[1] && harm[i] < band[2] ? 1 : 0;
            }
        }
        return new RateRow(name, count, flagged, blocked, escalated);
    }
}
