package dev.warden.tools.guard;

import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.GuardScores;
import dev.warden.guard.learned.OperatingPoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Leave-source-out evaluation: whole sources (collections) are taken out of the data before training and calibration
 * ({@code train-guard --hold-out}, {@code unseen-sources}), and every row of theirs, from all three parts of the
 * split, is scored by the model that never saw them. The test part says how the model does on new prompts of
 * collections it was trained on; this says how it does on a collection it has never seen, which is what a user meets.
 *
 * <p>BIPIA's clean emails ({@value GroupKeys#CLEAN_EMAILS}) are the contexts of its constructed injections
 * ({@value CleanContexts#SOURCE}): each email occurs in many attacked rows. The two are {@link #LINKED}: holding out
 * either holds out both, so that a held-out clean email is never trained on inside an attack (nor an attack's email
 * as a clean benign row).
 */
public final class HeldOutSources {

    /** Sources that are held out together: naming one holds out the other. */
    public static final Map<String, String> LINKED = Map.of(CleanContexts.SOURCE, GroupKeys.CLEAN_EMAILS,
            GroupKeys.CLEAN_EMAILS, CleanContexts.SOURCE);

    private HeldOutSources() {
    }

    /**
     * The sources {@code names} hold out: each must be a source of {@code rows}; the {@link #LINKED} sources are added.
     *
     * @throws IllegalArgumentException naming an unknown source, with the known ones
     */
    public static Set<String> resolve(Collection<String> names, Collection<SafetyRow> rows) {
        Set<String> known = new TreeSet<>();
        rows.forEach(r -> known.add(r.source()));
        Set<String> out = new TreeSet<>();
        for (String raw : names) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown source '" + name + "' to hold out; known sources: "
                        + String.join(", ", known));
            }
            out.add(name);
            String linked = LINKED.get(name);
            if (linked != null && known.contains(linked)) {
                out.add(linked);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no source named to hold out; known sources: " + String.join(", ", known));
        }
        return out;
    }

    /** The rows of {@code sources}, from all three parts of {@code split}, in load order. */
    public static List<SafetyRow> rows(DataSplit split, Set<String> sources) {
        return split.rows().stream().filter(r -> sources.contains(r.source())).toList();
    }

    /**
     * One held-out source at an operating point.
     *
     * @param source the source
     * @param label  its label (a source has one)
     * @param rows   its rows
     * @param own    attack rows its label's head flags (0 for benign)
     * @param any    rows any decision head flags
     * @param heads  per decision head ({@link GuardHead#DECISIONS}) the rows it flags
     */
    public record Figures(String source, SafetyRow.Label label, int rows, int own, int any, int[] heads) {
        /** Whether the source is benign (its figures are false positives). */
        public boolean benign() {
            return label == SafetyRow.Label.BENIGN;
        }

        /** The headline count: own-head recall's numerator for an attack source, any-head FPR's for a benign one. */
        public int headline() {
            return benign() ? any : own;
        }

        /** {@code k / rows} with its 95% Wilson interval: {@code 0.912 [0.870, 0.941]}. */
        public String cell(int k) {
            return rows == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.3f %s", (double) k / rows,
                    Rates.interval(k, rows, 3, 1));
        }
    }

    /**
     * Per source of {@code rows} (by label, then name) what {@code model} flags at {@code point}. A source with rows of
     * several labels is counted under its first row's label.
     */
    public static List<Figures> of(GuardModel model, List<SafetyRow> rows, OperatingPoint point) {
        List<GuardScores> scores = rows.parallelStream().map(r -> model.score(r.text())).toList();
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, SafetyRow.Label> labels = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            SafetyRow r = rows.get(i);
            GuardScores s = scores.get(i);
            labels.putIfAbsent(r.source(), r.label());
            SafetyRow.Label label = labels.get(r.source());
            int[] c = counts.computeIfAbsent(r.source(), k -> new int[3 + GuardHead.DECISIONS.length]);
            c[0]++;
            if (label != SafetyRow.Label.BENIGN && s.flagged(GuardEvaluation.headOf(label), point)) {
                c[1]++;
            }
            c[2] += s.anyFlagged(point) ? 1 : 0;
            for (int h = 0; h < GuardHead.DECISIONS.length; h++) {
                c[3 + h] += s.flagged(GuardHead.DECISIONS[h], point) ? 1 : 0;
            }
        }
        List<Figures> out = new ArrayList<>();
        counts.forEach((source, c) -> out.add(new Figures(source, labels.get(source), c[0], c[1], c[2],
                java.util.Arrays.copyOfRange(c, 3, c.length))));
        out.sort(Comparator.comparing(Figures::label).thenComparing(Figures::source));
        return out;
    }

    /**
     * The Markdown tables of {@code figures}: per attack source its own-head recall and any-head flag rate, per benign
     * source its FPR per decision head and any head, each with its 95% Wilson interval.
     */
    public static String table(List<Figures> figures, OperatingPoint point) {
        return table("held-out sources (never trained or calibrated on): every row of the train, dev and test parts",
                figures, point);
    }

    /** As {@link #table(List, OperatingPoint)}, under {@code heading} (the operating point is added to it). */
    public static String table(String heading, List<Figures> figures, OperatingPoint point) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s, operating point '%s'%n%n", heading, point.json()));
        if (figures.stream().anyMatch(f -> !f.benign())) {
            out.append("| source | label | rows | own-head recall [95%] | any-head flag rate [95%] |\n"
                    + "|---|---|---|---|---|\n");
            figures.stream().filter(f -> !f.benign()).forEach(f -> out.append(String.format("| %s | %s | %d | %s | %s |%n",
                    f.source(), f.label().json(), f.rows(), f.cell(f.own()), f.cell(f.any()))));
        }
        if (figures.stream().anyMatch(Figures::benign)) {
            out.append("\n| source | label | rows | ANY_HARM FPR [95%] | JAILBREAK FPR [95%] | INJECTION FPR [95%] |"
                    + " any-head FPR [95%] |\n|---|---|---|---|---|---|---|\n");
            figures.stream().filter(Figures::benign).forEach(f -> out.append(String.format(
                    "| %s | %s | %d | %s | %s | %s | %s |%n", f.source(), f.label().json(), f.rows(), f.cell(f.heads()[0]),
                    f.cell(f.heads()[1]), f.cell(f.heads()[2]), f.cell(f.any()))));
        }
        return out.toString();
    }
}
