package dev.warden.benchmarks.gateway;

import dev.warden.gateway.pipeline.Message;
import dev.warden.gateway.pipeline.PromptScanner;
import dev.warden.tools.guard.GuardEvaluation;
import dev.warden.tools.guard.SafetyRow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the gateway's prompt scanner would block on labelled rows: a row is blocked when the scan's score reaches the
 * rails' threshold, as {@code InputRails} decides. Every row is sent as the one user message of a request
 * ({@link Delivery#USER}); injection and benign rows also as tool output ({@link Delivery#TOOL}: the indirect-injection
 * path). Beside the whole scanner, the rules alone (the scanner the learned heads are added to) on the same messages.
 * Project-written rows ({@link SafetyRow#projectWritten()}) are counted apart and left out of every other figure, as
 * in eval-guard.
 */
public final class RailsReport {

    /**
     * The user turn before a row sent as tool output: a neutral request of fewer than
     * {@value dev.warden.guard.learned.GuardModel#MIN_WORDS} words, so the learned heads leave it to the rules and the
     * tool message alone decides.
     */
    public static final String TOOL_REQUEST = "Summarise this for me.";

    /** How a row reaches the rails. */
    public enum Delivery {
        /** The row as the request's one user message (a direct prompt). */
        USER,
        /** The row as a tool message after the user's {@link #TOOL_REQUEST} (tool output, retrieved data). */
        TOOL;

        /** The request's messages for {@code text}. */
        public List<Message> messages(String text) {
            return this == USER ? List.of(Message.user(text))
                    : List.of(Message.user(TOOL_REQUEST), new Message("tool", text));
        }

        /** Whether rows of {@code label} are sent this way (as tool output: injection and benign rows only). */
        public boolean sends(SafetyRow.Label label) {
            return this == USER || label == SafetyRow.Label.INJECTION || label == SafetyRow.Label.BENIGN;
        }
    }

    /** Rows, rows the scanner blocks, rows the rules alone block. */
    private static final class Tally {
        int rows;
        int blocked;
        int rules;

        void add(boolean scannerBlocks, boolean rulesBlock) {
            rows++;
            blocked += scannerBlocks ? 1 : 0;
            rules += rulesBlock ? 1 : 0;
        }

        String share(int count) {
            return rows == 0 ? "-" : String.format("%.3f", (double) count / rows);
        }
    }

    /** The columns of {@link #summary}, in order. */
    private static final List<String> SUMMARY = List.of("harmful (user)", "jailbreak (user)", "injection (user)",
            "injection (tool)", "benign (user)", "benign (tool)", "alarming benign (user)", "alarming benign (tool)");

    private final double threshold;
    private final Map<SafetyRow.Label, Map<Delivery, Tally>> byLabel = new TreeMap<>();
    private final Map<String, Map<Delivery, Tally>> bySource = new TreeMap<>();
    private final Map<String, Map<Delivery, Tally>> project = new TreeMap<>();
    private final Map<Delivery, Tally> lookalike = new EnumMap<>(Delivery.class);

    private RailsReport(double threshold) {
        this.threshold = threshold;
    }

    /**
     * Scans {@code rows}.
     *
     * @param scanner   the gateway's scanner (rules and learned heads)
     * @param rules     the rules alone
     * @param threshold the rails' block threshold
     */
    public static RailsReport of(PromptScanner scanner, PromptScanner rules, double threshold, List<SafetyRow> rows) {
        Objects.requireNonNull(scanner, "scanner");
        Objects.requireNonNull(rules, "rules");
        RailsReport report = new RailsReport(threshold);
        for (Delivery d : Delivery.values()) {
            List<SafetyRow> sent = rows.stream().filter(r -> d.sends(r.label())).toList();
            List<boolean[]> verdicts = sent.parallelStream().map(r -> {
                List<Message> messages = d.messages(r.text());
                return new boolean[] {scanner.scan(messages).score() >= threshold,
                        rules.scan(messages).score() >= threshold};
            }).toList();
            for (int i = 0; i < sent.size(); i++) {
                report.add(sent.get(i), d, verdicts.get(i)[0], verdicts.get(i)[1]);
            }
        }
        return report;
    }

    private void add(SafetyRow r, Delivery d, boolean blocked, boolean rulesBlock) {
        String key = r.label().json() + "|" + r.source();
        if (r.projectWritten()) {
            tally(project, key, d).add(blocked, rulesBlock);
            return;
        }
        tally(byLabel, r.label(), d).add(blocked, rulesBlock);
        tally(bySource, key, d).add(blocked, rulesBlock);
        if (r.label() == SafetyRow.Label.BENIGN && GuardEvaluation.LOOKALIKE_SOURCES.contains(r.source())) {
            lookalike.computeIfAbsent(d, k -> new Tally()).add(blocked, rulesBlock);
        }
    }

    private static <K> Tally tally(Map<K, Map<Delivery, Tally>> map, K key, Delivery d) {
        return map.computeIfAbsent(key, k -> new EnumMap<>(Delivery.class)).computeIfAbsent(d, k -> new Tally());
    }

    /** The label's rows (project-written rows aside) sent this way. */
    public int rows(SafetyRow.Label label, Delivery d) {
        Tally t = byLabel.getOrDefault(label, Map.of()).get(d);
        return t == null ? 0 : t.rows;
    }

    /** The share of the label's rows (project-written rows aside) the scanner blocks sent this way; NaN for none. */
    public double blocked(SafetyRow.Label label, Delivery d) {
        return share(byLabel.getOrDefault(label, Map.of()).get(d), false);
    }

    /** The share of the label's rows (project-written rows aside) the rules alone block sent this way; NaN for none. */
    public double rulesBlocked(SafetyRow.Label label, Delivery d) {
        return share(byLabel.getOrDefault(label, Map.of()).get(d), true);
    }

    /** The share of a source's rows the scanner blocks sent this way (project-written sources too); NaN for none. */
    public double blocked(SafetyRow.Label label, String source, Delivery d) {
        String key = label.json() + "|" + source;
        return share(bySource.getOrDefault(key, project.getOrDefault(key, Map.of())).get(d), false);
    }

    /** The share of the alarming-sounding benign rows the scanner blocks sent this way; NaN for none. */
    public double lookalike(Delivery d) {
        return share(lookalike.get(d), false);
    }

    private static double share(Tally t, boolean rules) {
        return t == null || t.rows == 0 ? Double.NaN : (double) (rules ? t.rules : t.blocked) / t.rows;
    }

    /** The report, Markdown, under a heading naming {@code what} (the scanner and its operating point). */
    public String markdown(String what) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("## %s (blocked at scan score >= %s)%n%n", what, threshold));
        out.append("| label | rows | user message: blocked | rules alone | tool message: blocked | rules alone |\n"
                + "|---|---|---|---|---|---|\n");
        byLabel.forEach((label, t) -> out.append(row(label.json(), t)));
        out.append("\nper source (benign: false alarms)\n\n| label | source | rows | user message: blocked | rules alone"
                + " | tool message: blocked | rules alone |\n|---|---|---|---|---|---|---|\n");
        bySource.forEach((key, t) -> out.append(row(key.replace("|", " | "), t)));
        out.append(String.format("%nbenign blocked: as user message %s, as tool message %s; alarming-sounding benign"
                + " (%s): as user message %s, as tool message %s%n", count(byLabel.get(SafetyRow.Label.BENIGN),
                Delivery.USER), count(byLabel.get(SafetyRow.Label.BENIGN), Delivery.TOOL),
                String.join(", ", GuardEvaluation.LOOKALIKE_SOURCES), count(lookalike, Delivery.USER),
                count(lookalike, Delivery.TOOL)));
        if (!project.isEmpty()) {
            out.append("\nproject-written rows of this part (not in the figures above)\n\n| label | source | rows"
                    + " | user message: blocked | rules alone | tool message: blocked | rules alone |\n"
                    + "|---|---|---|---|---|---|---|\n");
            project.forEach((key, t) -> out.append(row(key.replace("|", " | "), t)));
        }
        return out.toString();
    }

    private static String row(String name, Map<Delivery, Tally> t) {
        Tally user = t.getOrDefault(Delivery.USER, new Tally());
        Tally tool = t.getOrDefault(Delivery.TOOL, new Tally());
        return String.format("| %s | %d | %s | %s | %s | %s |%n", name, user.rows, user.share(user.blocked),
                user.share(user.rules), tool.share(tool.blocked), tool.share(tool.rules));
    }

    private static String count(Map<Delivery, Tally> map, Delivery d) {
        Tally t = map == null ? null : map.get(d);
        return t == null || t.rows == 0 ? "-" : String.format("%.4f (%d of %d)", (double) t.blocked / t.rows,
                t.blocked, t.rows);
    }

    /** One table over several reports: a row per report, named by its key, with the headline shares. */
    public static String summary(Map<String, RailsReport> reports) {
        StringBuilder out = new StringBuilder("| scanner | " + String.join(" | ", SUMMARY) + " |\n|---|"
                + "---|".repeat(SUMMARY.size()) + "\n");
        reports.forEach((name, r) -> {
            List<String> cells = new ArrayList<>();
            cells.add(name);
            for (double v : new double[] {r.blocked(SafetyRow.Label.HARMFUL, Delivery.USER),
                    r.blocked(SafetyRow.Label.JAILBREAK, Delivery.USER), r.blocked(SafetyRow.Label.INJECTION,
                    Delivery.USER), r.blocked(SafetyRow.Label.INJECTION, Delivery.TOOL),
                    r.blocked(SafetyRow.Label.BENIGN, Delivery.USER), r.blocked(SafetyRow.Label.BENIGN, Delivery.TOOL),
                    r.lookalike(Delivery.USER), r.lookalike(Delivery.TOOL)}) {
                cells.add(Double.isNaN(v) ? "-" : String.format("%.1f%%", 100 * v));
            }
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        });
        return out.toString();
    }
}
