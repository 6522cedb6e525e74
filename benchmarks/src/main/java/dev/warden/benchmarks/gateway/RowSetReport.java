package dev.warden.benchmarks.gateway;

import dev.warden.benchmarks.gateway.RailsReport.Delivery;
import dev.warden.gateway.pipeline.LearnedScanner;
import dev.warden.gateway.pipeline.PromptScanner;
import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.GuardScores;
import dev.warden.guard.learned.OperatingPoint;
import dev.warden.tools.guard.SafetyRow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the gateway's prompt scanner would block on one set of rows taken whole (no split): every row sent as a tool
 * message after the user's {@link RailsReport#TOOL_REQUEST} and as the one user message, for the rules alone and the
 * rules with the learned heads at each operating point; beside them, how many rows each learned head flags on its own
 * (the row's text scored by the model, at the point's calibrated threshold). For a file of benign rows every figure
 * is a false-alarm count. Per category at each point, and the rows the gateway's default scanner blocks, with their
 * injection and jailbreak probabilities.
 */
public final class RowSetReport {

    /** The scanners' settings: the rails' threshold and the gateway's defaults. */
    public record Settings(double threshold, OperatingPoint gatewayPoint, boolean injectionOnUser) {
    }

    /** One row's verdicts: per point, blocked as tool / user / user with the injection head on; the rules'. */
    private record Verdicts(SafetyRow row, GuardScores scores, Map<OperatingPoint, boolean[]> learned,
                            boolean rulesTool, boolean rulesUser) {
    }

    private final List<Verdicts> verdicts;
    private final Settings settings;
    private final GuardModel model;

    private RowSetReport(List<Verdicts> verdicts, Settings settings, GuardModel model) {
        this.verdicts = verdicts;
        this.settings = settings;
        this.model = model;
    }

    /** Scans every row of {@code rows} with the rules alone and with the rules and {@code model}'s heads. */
    public static RowSetReport of(PromptScanner rules, GuardModel model, Settings settings, List<SafetyRow> rows) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(model, "model");
        Map<OperatingPoint, LearnedScanner[]> scanners = new EnumMap<>(OperatingPoint.class);
        for (OperatingPoint p : OperatingPoint.values()) {
            scanners.put(p, new LearnedScanner[] {
                    new LearnedScanner(rules, model, p, settings.threshold(), settings.injectionOnUser()),
                    new LearnedScanner(rules, model, p, settings.threshold(), true)});
        }
        List<Verdicts> verdicts = rows.parallelStream().map(r -> {
            Map<OperatingPoint, boolean[]> learned = new EnumMap<>(OperatingPoint.class);
            scanners.forEach((p, s) -> learned.put(p, new boolean[] {
                    blocks(s[0], Delivery.TOOL, r, settings), blocks(s[0], Delivery.USER, r, settings),
                    blocks(s[1], Delivery.USER, r, settings)}));
            return new Verdicts(r, model.score(r.text()), learned, blocks(rules, Delivery.TOOL, r, settings),
                    blocks(rules, Delivery.USER, r, settings));
        }).toList();
        return new RowSetReport(verdicts, settings, model);
    }

    private static boolean blocks(PromptScanner scanner, Delivery d, SafetyRow r, Settings settings) {
        return scanner.scan(d.messages(r.text())).score() >= settings.threshold();
    }

    /** The number of rows. */
    public int rows() {
        return verdicts.size();
    }

    /** The rows the rules with the heads at {@code point} block sent this way (the gateway's injection-on-user). */
    public int blocked(OperatingPoint point, Delivery d) {
        return count(v -> v.learned().get(point)[d == Delivery.TOOL ? 0 : 1]);
    }

    /** The rows blocked as the user message with the injection head on user messages. */
    public int blockedWithInjectionOnUser(OperatingPoint point) {
        return count(v -> v.learned().get(point)[2]);
    }

    /** The rows the rules alone block sent this way. */
    public int rulesBlocked(Delivery d) {
        return count(v -> d == Delivery.TOOL ? v.rulesTool() : v.rulesUser());
    }

    /** The rows a head flags on its own at {@code point} (rows under {@value GuardModel#MIN_WORDS} words too). */
    public int flagged(GuardHead head, OperatingPoint point) {
        return count(v -> v.scores().flagged(head, point));
    }

    private int count(Predicate<Verdicts> p) {
        return (int) verdicts.stream().filter(p).count();
    }

    /** The report, Markdown, the rows named by {@code what}. */
    public String markdown(String what) {
        StringBuilder out = new StringBuilder();
        Map<String, Integer> labels = new TreeMap<>();
        verdicts.forEach(v -> labels.merge(v.row().label().json(), 1, Integer::sum));
        out.append(String.format("## %s: %d rows %s, taken whole (blocked at scan score >= %s)%n%n", what, rows(),
                labels, settings.threshold()));
        out.append("| scanner | tool message: blocked | user message: blocked | user message, injection head on"
                + " user messages | injection head alone | jailbreak head alone |\n|---|---|---|---|---|---|\n");
        out.append(String.format("| rules alone | %s | %s | - | - | - |%n", share(rulesBlocked(Delivery.TOOL)),
                share(rulesBlocked(Delivery.USER))));
        for (OperatingPoint p : OperatingPoint.values()) {
            out.append(String.format("| rules + heads, %s%s | %s | %s | %s | %s | %s |%n", p.json(),
                    p == settings.gatewayPoint() ? " (gateway default)" : "", share(blocked(p, Delivery.TOOL)),
                    share(blocked(p, Delivery.USER)), share(blockedWithInjectionOnUser(p)),
                    share(flagged(GuardHead.INJECTION, p)), share(flagged(GuardHead.JAILBREAK, p))));
        }
        out.append("\nper category, blocked as tool message (rules + heads; injection head alone in brackets)\n\n"
                + "| category | rows |");
        for (OperatingPoint p : OperatingPoint.values()) {
            out.append(' ').append(p.json()).append(" |");
        }
        out.append("\n|---|---|").append("---|".repeat(OperatingPoint.values().length)).append('\n');
        Map<String, List<Verdicts>> byCategory = new TreeMap<>();
        verdicts.forEach(v -> byCategory.computeIfAbsent(Objects.requireNonNullElse(v.row().category(), "(none)"),
                k -> new ArrayList<>()).add(v));
        byCategory.forEach((category, vs) -> {
            out.append("| ").append(category).append(" | ").append(vs.size()).append(" |");
            for (OperatingPoint p : OperatingPoint.values()) {
                out.append(String.format(" %d (%d) |", vs.stream().filter(v -> v.learned().get(p)[0]).count(),
                        vs.stream().filter(v -> v.scores().flagged(GuardHead.INJECTION, p)).count()));
            }
            out.append('\n');
        });
        OperatingPoint gateway = settings.gatewayPoint();
        out.append(String.format("%nblocked at %s (gateway default) as tool or user message, with the heads'"
                + " probabilities (thresholds at this point: injection %.3f, jailbreak %.3f)%n%n", gateway.json(),
                threshold(GuardHead.INJECTION), threshold(GuardHead.JAILBREAK)));
        verdicts.stream().filter(v -> v.learned().get(gateway)[0] || v.learned().get(gateway)[1]).forEach(v -> {
            boolean[] b = v.learned().get(gateway);
            out.append(String.format("- %s: %s; injection %.3f, jailbreak %.3f; rules alone block it as %s%n",
                    v.row().id(), b[0] && b[1] ? "tool and user" : b[0] ? "tool" : "user",
                    v.scores().probability(GuardHead.INJECTION), v.scores().probability(GuardHead.JAILBREAK),
                    v.rulesTool() && v.rulesUser() ? "tool and user" : v.rulesTool() ? "tool" : v.rulesUser()
                            ? "user" : "neither"));
        });
        return out.toString();
    }

    private double threshold(GuardHead head) {
        return model.metadata().threshold(head, settings.gatewayPoint());
    }

    private String share(int count) {
        return rows() == 0 ? "-" : String.format("%d of %d (%.1f%%)", count, rows(), 100.0 * count / rows());
    }
}
