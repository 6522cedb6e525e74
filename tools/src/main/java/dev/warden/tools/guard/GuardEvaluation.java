package dev.warden.tools.guard;

import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.GuardScores;
import dev.warden.guard.learned.OperatingPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learned guard model on the test part of a split, at an operating point: recall per label and per
 * source, false-positive rate per benign source, per-category precision / recall, AUPRC per decision head,
 * and (when given) the any-harm AUPRC on template prompts (the project corpus's held-out ones, or the template
 * dev fold's in a dev report). A row is "flagged" by a head when it reaches the head's threshold; a benign row
 * is a false positive of a head it reaches, and
 * "flagged by any" counts it when any decision head does (what a gateway blocking on all three would do).
 * Project-written rows ({@link SafetyRow#projectWritten()}) are left out of every figure above and reported
 * on their own: per benign source the share flagged by any head, per source of injections (or another positive
 * label) the recall of the label's own head. Each recall and FPR of the label, source and head tables has
 * its 95% Wilson score interval in a last column ({@link Rates#interval}; per source from
 * {@value #MIN_INTERVAL_ROWS} rows on): on a few hundred rows a figure moves by a point with a few rows.
 *
 * @param point     the operating point
 * @param recall    per positive label: recall of its own head (harmful: ANY_HARM, jailbreak: JAILBREAK, injection: INJECTION)
 * @param fpr       per decision head: the share of benign test rows it flags
 * @param fprAny    the share of benign test rows any decision head flags
 * @param auprc     per decision head: AUPRC of its label against the benign rows
 * @param lookalike share of the alarming-sounding benign rows (cyberseceval_frr, gpteacher_roleplay) any head flags
 * @param wardenAuprc any-harm AUPRC on the template prompts given: the project corpus's held-out prompts, or the
 *                    template dev fold's in a dev report (NaN when none are given)
 * @param projectFlagged share of the project-written benign rows any head flags (NaN when there are none)
 * @param report    the whole report, Markdown
 */
public record GuardEvaluation(OperatingPoint point, Map<SafetyRow.Label, Double> recall, Map<GuardHead, Double> fpr,
                              double fprAny, Map<GuardHead, Double> auprc, double lookalike, double wardenAuprc,
                              double projectFlagged, String report) {

    /** Per-source rates get a 95% Wilson interval from this many rows on (fewer: {@code -}). */
    public static final int MIN_INTERVAL_ROWS = 10;

    /** Benign sources whose rows only sound alarming (security questions, role-play). */
    public static final List<String> LOOKALIKE_SOURCES = List.of("cyberseceval_frr", "gpteacher_roleplay");

    /** The head that decides a label. */
    public static GuardHead headOf(SafetyRow.Label label) {
        return switch (label) {
            case HARMFUL -> GuardHead.ANY_HARM;
            case JAILBREAK -> GuardHead.JAILBREAK;
            case INJECTION -> GuardHead.INJECTION;
            case BENIGN -> throw new IllegalArgumentException("benign has no head");
        };
    }

    /** Evaluates {@code model} on {@code test} (and the project's held-out prompts, possibly empty). */
    public static GuardEvaluation of(GuardModel model, List<SafetyRow> rows, List<WardenCorpus.Prompt> wardenHeldout,
                                     OperatingPoint point) {
        return of(model, rows, wardenHeldout, "project corpus held-out", "test", point);
    }

    /**
     * Evaluates {@code model} on {@code test} and on template prompts (possibly empty) named {@code templateName} in
     * the report: the held-out split's, or the template dev fold's ({@link TemplateDevFold}) for a dev report.
     *
     * @param partName the part of the split {@code rows} come from, as the report's first line names it
     */
    public static GuardEvaluation of(GuardModel model, List<SafetyRow> rows, List<WardenCorpus.Prompt> wardenHeldout,
                                     String templateName, String partName, OperatingPoint point) {
        List<SafetyRow> test = rows.stream().filter(r -> !r.projectWritten()).toList();
        List<SafetyRow> project = rows.stream().filter(SafetyRow::projectWritten).toList();
        List<GuardScores> scores = test.parallelStream().map(r -> model.score(r.text())).toList();
        StringBuilder out = new StringBuilder();
        out.append(String.format("guard model on the %s part (%d rows), operating point '%s'%n%n", partName,
                test.size(), point.json()));
        // per label and source
        Map<String, int[]> bySource = new TreeMap<>();
        Map<SafetyRow.Label, int[]> byLabel = new TreeMap<>();
        int benign = 0;
        int benignAny = 0;
        int look = 0;
        int lookFlagged = 0;
        Map<GuardHead, Integer> benignFlagged = new TreeMap<>();
        for (int i = 0; i < test.size(); i++) {
            SafetyRow r = test.get(i);
            GuardScores s = scores.get(i);
            int[] c = bySource.computeIfAbsent(r.label().json() + "|" + r.source(), k -> new int[5]);
            c[0]++;
            if (r.label() == SafetyRow.Label.BENIGN) {
                benign++;
                boolean any = s.anyFlagged(point);
                benignAny += any ? 1 : 0;
                c[4] += any ? 1 : 0;
                for (int h = 0; h < GuardHead.DECISIONS.length; h++) {
                    if (s.flagged(GuardHead.DECISIONS[h], point)) {
                        c[1 + h]++;
                        benignFlagged.merge(GuardHead.DECISIONS[h], 1, Integer::sum);
                    }
                }
                if (LOOKALIKE_SOURCES.contains(r.source())) {
                    look++;
                    lookFlagged += any ? 1 : 0;
                }
            } else {
                boolean own = s.flagged(headOf(r.label()), point);
                c[1] += own ? 1 : 0;
                c[4] += s.anyFlagged(point) ? 1 : 0;
                int[] l = byLabel.computeIfAbsent(r.label(), k -> new int[2]);
                l[0]++;
                l[1] += own ? 1 : 0;
            }
        }
        Map<SafetyRow.Label, Double> recall = new TreeMap<>();
        out.append("| label | rows | recall (own head) | 95% interval |\n|---|---|---|---|\n");
        byLabel.forEach((label, l) -> {
            recall.put(label, (double) l[1] / l[0]);
            out.append(String.format("| %s | %d | %.3f | %s |%n", label.json(), l[0], (double) l[1] / l[0],
                    Rates.interval(l[1], l[0], 3, 1)));
        });
        out.append("\n| label | source | rows | own head flags | any head flags | own head 95% interval |\n"
                + "|---|---|---|---|---|---|\n");
        bySource.forEach((key, c) -> {
            if (!key.startsWith("benign|")) {
                String[] k = key.split("\\|");
                out.append(String.format("| %s | %s | %d | %.3f | %.3f | %s |%n", k[0], k[1], c[0], (double) c[1] / c[0],
                        (double) c[4] / c[0], Rates.interval(c[1], c[0], 3, MIN_INTERVAL_ROWS)));
            }
        });
        out.append("\nfalse-positive rate per benign source\n\n| source | rows | ANY_HARM | JAILBREAK | INJECTION | any"
                + " | any 95% interval |\n|---|---|---|---|---|---|---|\n");
        bySource.forEach((key, c) -> {
            if (key.startsWith("benign|")) {
                out.append(String.format("| %s | %d | %.3f | %.3f | %.3f | %.3f | %s |%n", key.substring(7), c[0],
                        (double) c[1] / c[0], (double) c[2] / c[0], (double) c[3] / c[0], (double) c[4] / c[0],
                        Rates.interval(c[4], c[0], 3, MIN_INTERVAL_ROWS)));
            }
        });
        Map<GuardHead, Double> fpr = new TreeMap<>();
        Map<GuardHead, Double> auprc = new TreeMap<>();
        out.append("\n| head | benign FPR | AUPRC (its label vs benign) | FPR 95% interval |\n|---|---|---|---|\n");
        for (GuardHead h : GuardHead.DECISIONS) {
            SafetyRow.Label label = h == GuardHead.ANY_HARM ? SafetyRow.Label.HARMFUL
                    : h == GuardHead.JAILBREAK ? SafetyRow.Label.JAILBREAK : SafetyRow.Label.INJECTION;
            float[] pos = column(test, scores, label, h);
            float[] neg = column(test, scores, SafetyRow.Label.BENIGN, h);
            int flagged = benignFlagged.getOrDefault(h, 0);
            double f = benign == 0 ? 0 : (double) flagged / benign;
            fpr.put(h, f);
            auprc.put(h, Rates.auprc(pos, neg));
            out.append(String.format("| %s | %.4f | %.4f | %s |%n", h, f, auprc.get(h), Rates.interval(flagged, benign,
                    4, 1)));
        }
        double fprAny = benign == 0 ? 0 : (double) benignAny / benign;
        double lookalike = look == 0 ? 0 : (double) lookFlagged / look;
        out.append(String.format("%nbenign flagged by any head: %.4f (%d of %d); alarming-sounding benign (%s): %.4f (%d of %d)%n",
                fprAny, benignAny, benign, String.join(", ", LOOKALIKE_SOURCES), lookalike, lookFlagged, look));
        categories(test, scores, out);
        double wardenAuprc = Double.NaN;
        if (!wardenHeldout.isEmpty()) {
            List<Float> pos = new ArrayList<>();
            List<Float> neg = new ArrayList<>();
            for (WardenCorpus.Prompt p : wardenHeldout) {
                (p.harmful() ? pos : neg).add(model.score(p.text()).probability(GuardHead.ANY_HARM));
            }
            wardenAuprc = Rates.auprc(toArray(pos), toArray(neg));
            out.append(String.format("%n%s prompts (%d, %d harmful): any-harm AUPRC %.4f%n", templateName,
                    wardenHeldout.size(), pos.size(), wardenAuprc));
        }
        double projectFlagged = project(model, project, point, out);
        return new GuardEvaluation(point, recall, fpr, fprAny, auprc, lookalike, wardenAuprc, projectFlagged,
                out.toString());
    }

    /**
     * The project-written rows: per benign source the share any head flags, and the rows flagged; then, when there
     * are any, per source of positive rows (e.g. project-written injections) the recall of its label's head and the
     * rows it misses. Returns the share of the benign rows flagged (NaN when there are none).
     */
    private static double project(GuardModel model, List<SafetyRow> rows, OperatingPoint point, StringBuilder out) {
        List<SafetyRow> benign = rows.stream().filter(r -> r.label() == SafetyRow.Label.BENIGN).toList();
        double share = Double.NaN;
        if (!benign.isEmpty()) {
            Map<String, int[]> bySource = new TreeMap<>();
            List<String> flagged = new ArrayList<>();
            for (SafetyRow r : benign) {
                GuardScores s = model.score(r.text());
                int[] c = bySource.computeIfAbsent(r.source(), k -> new int[2]);
                c[0]++;
                if (s.anyFlagged(point)) {
                    c[1]++;
                    flagged.add(String.format("%.2f/%.2f/%.2f %s", s.probability(GuardHead.ANY_HARM),
                            s.probability(GuardHead.JAILBREAK), s.probability(GuardHead.INJECTION), r.text()));
                }
            }
            out.append("\nproject-written benign rows of this part (not in the figures above)\n\n"
                    + "| source | rows | flagged by any head |\n|---|---|---|\n");
            bySource.forEach((source, c) -> out.append(String.format("| %s | %d | %.3f |%n", source, c[0],
                    (double) c[1] / c[0])));
            flagged.forEach(f -> out.append("flagged (harm/jailbreak/injection): ").append(f).append('\n'));
            share = (double) flagged.size() / benign.size();
        }
        projectPositives(model, rows, point, out);
        return share;
    }

    /** The project-written rows of a positive label: per source the recall of the label's head, and the misses. */
    private static void projectPositives(GuardModel model, List<SafetyRow> rows, OperatingPoint point,
                                         StringBuilder out) {
        List<SafetyRow> positive = rows.stream().filter(r -> r.label() != SafetyRow.Label.BENIGN).toList();
        if (positive.isEmpty()) {
            return;
        }
        Map<String, int[]> bySource = new TreeMap<>();
        List<String> missed = new ArrayList<>();
        for (SafetyRow r : positive) {
            GuardHead head = headOf(r.label());
            GuardScores s = model.score(r.text());
            int[] c = bySource.computeIfAbsent(r.label().json() + "|" + r.source(), k -> new int[3]);
            c[0]++;
            c[2] += s.anyFlagged(point) ? 1 : 0;
            if (s.flagged(head, point)) {
                c[1]++;
            } else {
                missed.add(String.format("%s %.2f %s", head, s.probability(head), r.text()));
            }
        }
        out.append("\nproject-written positive rows of this part (not in the figures above)\n\n"
                + "| label | source | rows | own head flags | any head flags | own head 95% interval |\n"
                + "|---|---|---|---|---|---|\n");
        bySource.forEach((key, c) -> {
            String[] k = key.split("\\|");
            out.append(String.format("| %s | %s | %d | %.3f | %.3f | %s |%n", k[0], k[1], c[0], (double) c[1] / c[0],
                    (double) c[2] / c[0], Rates.interval(c[1], c[0], 3, MIN_INTERVAL_ROWS)));
        });
        missed.forEach(m -> out.append("missed (own head, probability): ").append(m).append('\n'));
    }

    /** Per category: rows mapped to it are positives, benign rows and rows mapped elsewhere negatives. */
    private static void categories(List<SafetyRow> test, List<GuardScores> scores, StringBuilder out) {
        out.append("\nper category (rows whose source category maps to it; negatives: benign rows and rows of other"
                + " categories)\n\n| category | positives | precision | recall |\n|---|---|---|---|\n");
        for (int s = 1; s <= GuardHead.CATEGORIES; s++) {
            int tp = 0;
            int fp = 0;
            int positives = 0;
            for (int i = 0; i < test.size(); i++) {
                SafetyRow r = test.get(i);
                int mapped = CategoryMap.of(r);
                boolean benign = r.label() == SafetyRow.Label.BENIGN;
                if (!benign && mapped == CategoryMap.NONE) {
                    continue;
                }
                boolean positive = !benign && mapped == s;
                boolean predicted = scores.get(i).categories().contains(s);
                positives += positive ? 1 : 0;
                tp += positive && predicted ? 1 : 0;
                fp += !positive && predicted ? 1 : 0;
            }
            if (positives == 0 && fp == 0) {
                continue;
            }
            out.append(String.format("| S%d | %d | %s | %s |%n", s, positives,
                    tp + fp == 0 ? "-" : String.format("%.3f", (double) tp / (tp + fp)),
                    positives == 0 ? "-" : String.format("%.3f", (double) tp / positives)));
        }
    }

    private static float[] column(List<SafetyRow> rows, List<GuardScores> scores, SafetyRow.Label label, GuardHead h) {
        List<Float> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).label() == label) {
                out.add(scores.get(i).probability(h));
            }
        }
        return toArray(out);
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
