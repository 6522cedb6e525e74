package dev.warden.tools.judge.eval;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.judge.score.JudgeRequest;
import dev.warden.judge.score.Judgement;
import dev.warden.judge.score.Stance;
import dev.warden.judge.score.Verdict;
import dev.warden.judge.tiers.PromptGuard;
import dev.warden.tools.judge.classifier.BinaryMetrics;
import dev.warden.tools.judge.corpus.CorpusFiles;
import dev.warden.tools.judge.corpus.ExampleKind;
import dev.warden.tools.judge.corpus.LabelledExample;
import dev.warden.tools.judge.corpus.PromptGroup;
import dev.warden.tools.judge.corpus.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The judge's evaluation over the project's held-out labelled split (templates and vocabulary disjoint from
 * training): the whole local chain (rules, then the classifier when the rules are unsure), and each tier
 * alone for comparison. Prints, as Markdown, precision / recall / F1 at the judge's threshold and AUPRC
 * per hazard category and overall, for prompts and for responses, the over-refusal rate on benign requests
 * that only look alarming, and the refusal-detection accuracy. With {@code --data}, also the public prompts' test
 * split ({@link PublicPromptsEvaluation}) and the cascade block ({@link CascadeEvaluation}: per escalation band edge,
 * the share of harmful prompts decided unsafe or escalated and of benign prompts escalated, on dev and test).
 *
 * <pre>./warden eval-judge [--guard-point strict|default|lenient|off] [--data ../shared/data/safety-train]</pre>
 */
@Command(name = "eval-judge", mixinStandardHelpOptions = true,
        description = "The judge's tiers 1+2 on the held-out split: precision, recall, F1 and AUPRC per category.")
public final class JudgeEvaluation implements Callable<Integer> {

    private static final float THRESHOLD = 0.5f;

    @Option(names = "--guard-point", description = "the guard model's operating point in tier 2: strict, default, "
            + "lenient or off (the template classifier alone); default: ${DEFAULT-VALUE}")
    String guardPoint = PromptGuard.DEFAULT_POINT;

    @Option(names = "--data", description = "also judge the test split of this safety-train directory (public "
            + "prompts) with the whole chain, and print the cascade block (dev and test, per escalation band edge), "
            + "e.g. ../shared/data/safety-train")
    Path data;

    private JudgeEvaluation() {
    }

    /** Entry point: runs the evaluation and prints the tables. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new JudgeEvaluation()).execute(args));
    }

    @Override
    public Integer call() {
        List<LabelledExample> heldout = CorpusFiles.load(Split.HELDOUT);
        List<LabelledExample> prompts = heldout.stream().filter(e -> e.kind() == ExampleKind.PROMPT).toList();
        List<LabelledExample> responses = heldout.stream().filter(e -> e.kind() == ExampleKind.RESPONSE).toList();
        System.out.printf(Locale.ROOT, "held-out split: %,d prompts, %,d responses; threshold %.2f%n%n",
                prompts.size(), responses.size(), THRESHOLD);
        for (String chain : List.of("rules+classifier", "rules", "classifier")) {
            var judge = LocalJudges.of(chain.contains("rules"), chain.contains("classifier"), guardPoint, THRESHOLD);
            long start = System.nanoTime();
            List<Judgement> p = prompts.stream().map(e -> judge.judge(JudgeRequest.ofPrompt(e.prompt()))
                    .toCompletableFuture().join()).toList();
            List<Judgement> r = responses.stream().map(e -> judge.judge(JudgeRequest.ofResponse(e.prompt(),
                    e.response())).toCompletableFuture().join()).toList();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "## %s (%.1f s, %,.0f judgements/s)%n%n", chain, seconds,
                    (p.size() + r.size()) / seconds);
            table("prompts", prompts, p);
            table("responses", responses, r);
            overRefusal(prompts, p);
            int stanceRight = 0;
            for (int i = 0; i < responses.size(); i++) {
                boolean refused = r.get(i).stance() == Stance.REFUSAL;
                stanceRight += refused == (responses.get(i).stance() == Stance.REFUSAL) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "refusal detection accuracy on responses: %.3f%n%n",
                    (double) stanceRight / responses.size());
        }
        if (data != null) {
            System.out.printf("## rules+classifier on public prompts: the test split of %s, as prompts%n%n", data);
            PublicPromptsEvaluation.print(PublicPromptsEvaluation.judge(
                    LocalJudges.of(true, true, guardPoint, THRESHOLD), data));
            System.out.printf("## cascade: what rules+classifier would hand an LLM judge (tier 3), per escalation band"
                    + " edge; public prompts of %s, dev and test parts%n%n", data);
            CascadeEvaluation.print(data, edge -> LocalJudges.of(true, true, guardPoint, edge, THRESHOLD));
        }
        return 0;
    }

    private static void table(String what, List<LabelledExample> examples, List<Judgement> judged) {
        System.out.printf("### %s%n%n| category | examples | positives | precision | recall | F1 | AUPRC |%n"
                + "|---|---|---|---|---|---|---|%n", what);
        List<BinaryMetrics> rows = new ArrayList<>();
        for (HazardCategory c : HazardCategory.all()) {
            BinaryMetrics m = metrics(judged, examples, j -> j.categories().get(c), e -> e.violates(c));
            rows.add(m);
            row(c.code() + " " + c.title(), m);
        }
        row("**overall (any harm)**", metrics(judged, examples, Judgement::score, LabelledExample::harmful));
        double macro = rows.stream().filter(m -> m.positives() > 0).mapToDouble(BinaryMetrics::f1).average().orElse(0);
        System.out.printf(Locale.ROOT, "%nmacro F1 over categories with positives: %.3f%n%n", macro);
    }

    private interface Score {
        float of(Judgement j);
    }

    private static BinaryMetrics metrics(List<Judgement> judged, List<LabelledExample> examples, Score score,
                                         Predicate<LabelledExample> label) {
        float[] scores = new float[judged.size()];
        boolean[] labels = new boolean[judged.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = score.of(judged.get(i));
            labels[i] = label.test(examples.get(i));
        }
        return BinaryMetrics.of(scores, labels, THRESHOLD);
    }

    private static void row(String name, BinaryMetrics m) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.3f | %.3f |%n", name, m.count(),
                m.positives(), m.precision(), m.recall(), m.f1(), m.auprc());
    }

    private static void overRefusal(List<LabelledExample> prompts, List<Judgement> judged) {
        int lookalikes = 0;
        int flagged = 0;
        int benign = 0;
        int benignFlagged = 0;
        for (int i = 0; i < prompts.size(); i++) {
            boolean unsafe = judged.get(i).verdict() == Verdict.UNSAFE;
            if (prompts.get(i).group() == PromptGroup.LOOKALIKE) {
                lookalikes++;
                flagged += unsafe ? 1 : 0;
            } else if (prompts.get(i).group() == PromptGroup.BENIGN) {
                benign++;
                benignFlagged += unsafe ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "over-refusal: %d of %d alarming-looking benign prompts flagged (%.1f%%), "
                        + "%d of %d ordinary benign prompts (%.1f%%)%n", flagged, lookalikes, 100.0 * flagged / lookalikes,
                benignFlagged, benign, 100.0 * benignFlagged / benign);
    }
}
