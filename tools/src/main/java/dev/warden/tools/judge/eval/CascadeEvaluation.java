package dev.warden.tools.judge.eval;

import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.GuardScores;
import dev.warden.guard.learned.OperatingPoint;
import dev.warden.judge.score.Certainty;
import dev.warden.judge.score.Judge;
import dev.warden.judge.score.JudgeRequest;
import dev.warden.judge.score.Judgement;
import dev.warden.judge.score.Verdict;
import dev.warden.judge.tiers.PromptGuard.BandEdge;
import dev.warden.tools.guard.DataSplit;
import dev.warden.tools.guard.SafetyData;
import dev.warden.tools.guard.SafetyRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What the judge's tiers 1+2 would hand a tier 3 (the LLM judge) on public prompts, per escalation band edge
 * ({@link BandEdge}): on the dev and test parts of a safety-train directory ({@link DataSplit}), every row judged as
 * a prompt. A prompt is decided unsafe when the last tier that ran is sure and says unsafe, escalated when that tier
 * is unsure (with a tier 3 configured, it would go on). For harmful rows the share decided unsafe or escalated is the
 * recall a perfect tier 3 could reach behind them (a ceiling, not a measured recall); for benign rows the share
 * escalated is what tier 3 would cost. Tier 2 escalates when either of its models is unsure (the template
 * classifier's own band or the guard model's), so the guard model's any-harm head alone is printed beside: the
 * share of harmful rows at or above the band's edge, and of benign rows inside its band (edge to lenient threshold;
 * every row, however short, though the judge leaves prompts under {@link GuardModel#MIN_WORDS} words to the
 * template classifier).
 */
final class CascadeEvaluation {

    /** The counts of one judge on one part. */
    record Counts(int harmful, int harmfulUnsafe, int harmfulEscalated, int harmfulAtEdge, int jailbreak,
                  int jailbreakReached, int benign, int benignEscalated, int benignUnsafe, int benignInGuardBand) {

        double ceiling() {
            return (double) (harmfulUnsafe + harmfulEscalated) / harmful;
        }
    }

    private CascadeEvaluation() {
    }

    /**
     * Prints, as Markdown, the cascade table of the dev and test parts of {@code dir}: for each band edge, the judge
     * {@code judges} gives for it.
     */
    static void print(Path dir, Function<BandEdge, Judge> judges) {
        DataSplit split = DataSplit.of(SafetyData.load(dir));
        GuardModel guard = GuardModel.load();
        System.out.printf("| band edge | part | harmful | decided unsafe | escalated | ceiling (unsafe or escalated)"
                + " | guard any-harm >= edge | jailbreak ceiling | benign | benign escalated | benign decided unsafe"
                + " | benign in guard band |%n|---|---|---|---|---|---|---|---|---|---|---|---|%n");
        for (BandEdge edge : BandEdge.values()) {
            Judge judge = judges.apply(edge);
            for (DataSplit.Part part : List.of(DataSplit.Part.DEV, DataSplit.Part.TEST)) {
                Counts c = count(judge, guard, edge, split.part(part));
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | **%.3f** | %.3f | %.3f | %d | **%.3f** |"
                                + " %.3f | %.3f |%n", edge.json(), part.name().toLowerCase(Locale.ROOT), c.harmful(),
                        share(c.harmfulUnsafe(), c.harmful()), share(c.harmfulEscalated(), c.harmful()), c.ceiling(),
                        share(c.harmfulAtEdge(), c.harmful()), share(c.jailbreakReached(), c.jailbreak()), c.benign(),
                        share(c.benignEscalated(), c.benign()), share(c.benignUnsafe(), c.benign()),
                        share(c.benignInGuardBand(), c.benign()));
            }
        }
        System.out.println();
    }

    /** Judges the public rows of {@code rows}. */
    static Counts count(Judge judge, GuardModel guard, BandEdge edge, List<SafetyRow> rows) {
        int[] n = new int[10];
        for (SafetyRow row : rows) {
            if (row.projectWritten()) {
                continue;
            }
            Judgement j = judge.judge(JudgeRequest.ofPrompt(row.text())).toCompletableFuture().join();
            boolean escalated = j.tiers().get(j.tiers().size() - 1).certainty() == Certainty.UNSURE;
            boolean unsafe = !escalated && j.verdict() == Verdict.UNSAFE;
            switch (row.label()) {
                case HARMFUL -> {
                    n[0]++;
                    n[1] += unsafe ? 1 : 0;
                    n[2] += escalated ? 1 : 0;
                    n[3] += edge.reachedBy(guard.score(row.text()), GuardHead.ANY_HARM) ? 1 : 0;
                }
                case JAILBREAK -> {
                    n[4]++;
                    n[5] += unsafe || escalated ? 1 : 0;
                }
                case BENIGN -> {
                    n[6]++;
                    n[7] += escalated ? 1 : 0;
                    n[8] += unsafe ? 1 : 0;
                    GuardScores s = guard.score(row.text());
                    n[9] += edge.reachedBy(s, GuardHead.ANY_HARM)
                            && !s.flagged(GuardHead.ANY_HARM, OperatingPoint.LENIENT) ? 1 : 0;
                }
                default -> { } // injections: not a hazard the judge's verdict names
            }
        }
        return new Counts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9]);
    }

    private static double share(int k, int n) {
        return n == 0 ? Double.NaN : (double) k / n;
    }
}
