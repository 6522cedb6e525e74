package dev.warden.tools.guard;

import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.GuardScores;
import dev.warden.guard.learned.OperatingPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * {@code eval-guard --model A --against B}: two guard models on the same public rows of a part, each at its own
 * thresholds of one operating point, compared pairwise ({@link PairedRates}) per figure: the recall of each positive
 * label's own head and the benign FPR of each decision head and of any head. Project-written rows are left out, as in
 * {@link GuardEvaluation}'s figures. A difference whose interval contains 0 is not a finding.
 *
 * @param point   the operating point both models are read at
 * @param rows    the public rows compared
 * @param figures the figures, in report order (labels without rows left out)
 */
public record GuardComparison(OperatingPoint point, int rows, List<Figure> figures) {

    /**
     * One compared figure.
     *
     * @param name  what it is, e.g. {@code harmful recall (ANY_HARM)} or {@code benign FPR INJECTION}
     * @param rates the two models' flags on the figure's rows
     */
    public record Figure(String name, PairedRates rates) {
    }

    /** Compares {@code a} with {@code b} on {@code part}'s public rows at {@code point}. */
    public static GuardComparison of(GuardModel a, GuardModel b, List<SafetyRow> part, OperatingPoint point, long seed,
                                     int resamples) {
        List<SafetyRow> rows = part.stream().filter(r -> !r.projectWritten()).toList();
        List<GuardScores> sa = rows.parallelStream().map(r -> a.score(r.text())).toList();
        List<GuardScores> sb = rows.parallelStream().map(r -> b.score(r.text())).toList();
        List<Figure> figures = new ArrayList<>();
        for (SafetyRow.Label label : List.of(SafetyRow.Label.HARMFUL, SafetyRow.Label.JAILBREAK,
                SafetyRow.Label.INJECTION)) {
            GuardHead head = GuardEvaluation.headOf(label);
            add(figures, label.json() + " recall (" + head + ")", rows, label, sa, sb, s -> s.flagged(head, point),
                    seed, resamples);
        }
        for (GuardHead head : GuardHead.DECISIONS) {
            add(figures, "benign FPR " + head, rows, SafetyRow.Label.BENIGN, sa, sb, s -> s.flagged(head, point), seed,
                    resamples);
        }
        add(figures, "benign FPR any head", rows, SafetyRow.Label.BENIGN, sa, sb, s -> s.anyFlagged(point), seed,
                resamples);
        return new GuardComparison(point, rows.size(), List.copyOf(figures));
    }

    private static void add(List<Figure> out, String name, List<SafetyRow> rows, SafetyRow.Label label,
                            List<GuardScores> sa, List<GuardScores> sb, Predicate<GuardScores> flag, long seed,
                            int resamples) {
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).label() == label) {
                index.add(i);
            }
        }
        if (index.isEmpty()) {
            return;
        }
        boolean[] a = new boolean[index.size()];
        boolean[] b = new boolean[index.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = flag.test(sa.get(index.get(k)));
            b[k] = flag.test(sb.get(index.get(k)));
        }
        out.add(new Figure(name, PairedRates.of(a, b, seed, resamples)));
    }

    /** The figure named {@code name}. */
    public Figure figure(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no figure " + name + " in " + figures));
    }

    /** The comparison as a Markdown table, A and B named as given. */
    public String report(String aName, String bName, long seed, int resamples) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "paired comparison on %d public rows, operating point '%s', each model at"
                + " its own thresholds%nA: %s%nB: %s%n", rows, point.json(), aName, bName));
        out.append(String.format(Locale.ROOT, "interval: paired bootstrap, %d resamples of each figure's rows with"
                + " replacement (seed %d), both models read on the same rows; A only / B only: rows one model flags and"
                + " the other misses; p: McNemar's exact two-sided test on them%n%n", resamples, seed));
        out.append("| figure | rows | A | B | A - B | 95% interval of A - B | A only | B only | McNemar p |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            PairedRates r = f.rates();
            out.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %+.4f | [%+.4f, %+.4f]%s | %d | %d | %.3g |%n",
                    f.name(), r.rows(), r.rateA(), r.rateB(), r.difference(), r.low(), r.high(),
                    r.excludesZero() ? " *" : "", r.aOnly(), r.bOnly(), r.mcnemar()));
        }
        out.append("\n* the interval leaves out 0. A difference whose interval contains 0 is not a finding (recall:"
                + " higher is better; FPR: lower is better).\n");
        return out.toString();
    }
}
