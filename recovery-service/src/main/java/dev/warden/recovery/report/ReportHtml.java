package dev.warden.recovery.report;

import dev.warden.proto.v1.BiasAuditRun;
import dev.warden.proto.v1.GroupRefusal;
import dev.warden.proto.v1.PairParity;

import com.google.protobuf.util.Durations;
import dev.warden.proto.v1.LayerGeometry;
import dev.warden.proto.v1.ModuleChange;
import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairReport;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.RepairState;
import dev.warden.proto.v1.RepairStepRow;
import dev.warden.proto.v1.SwapBound;
import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page (no script, no external style or font: it must open offline):
 * an inline SVG chart of harmful rate and task score per step with the task floor as a dashed line, one
 * marker per step (rollback steps, rejected checkpoints and the kept step marked), the swap-bound diagnostic,
 * the per-layer and per-module change table, the step table and the alignment geometry when present.
 *
 * <p>Chart legend: x = restore step (0 = the fine-tuned model before repair), y = rate or score in [0, 1].
 */
public final class ReportHtml {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 320;
    private static final int LEFT = 56;
    private static final int RIGHT = 24;
    private static final int TOP = 20;
    private static final int BOTTOM = 48;
    private static final String HARM = "#c0392b";
    private static final String TASK = "#1f6fb2";

    private ReportHtml() {
    }

    /** The page of {@code job}'s report (partial while the job runs). */
    public static String render(RepairJob job) {
        RepairReport r = job.getReport();
        boolean complete = job.getState() == RepairState.REPAIR_STATE_SUCCEEDED;
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Warden repair ").append(esc(job.getJobId())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right;font-size:13px}th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append(".bad{color:#c0392b;font-weight:600}.good{color:#1e8449;font-weight:600}")
                .append(".box{border:1px solid #ccc;padding:8px 12px;margin:8px 0 20px;background:#fafafa}")
                .append("svg text{font-size:11px;fill:#333}</style></head><body>\n");
        h.append("<h1>Alignment repair ").append(esc(job.getJobId())).append("</h1>\n");
        summary(h, job, r, complete);
        h.append("<h2>Harmful rate and task score per step</h2>\n");
        chart(h, r, complete);
        h.append("<h2>Swap-bound diagnostic</h2>\n");
        swapBound(h, r, complete);
        h.append("<h2>Changed weights per layer and module</h2>\n");
        changes(h, r.getChangesList());
        h.append("<h2>Steps</h2>\n");
        steps(h, r.getStepsList(), r.getSelectedStep());
        if (r.getGeometryBeforeCount() > 0 || r.getGeometryAfterCount() > 0) {
            h.append("<h2>Alignment geometry</h2>\n");
            geometry(h, "before (fine-tuned)", r.getGeometryBeforeList());
            geometry(h, "after (repaired)", r.getGeometryAfterList());
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, RepairJob job, RepairReport r, boolean complete) {
        RepairSpec s = job.getSpec();
        h.append("<table>");
        kv(h, "state", job.getState().name().replace("REPAIR_STATE_", "").toLowerCase(Locale.ROOT)
                + (job.getFailureReason().isEmpty() ? "" : ": " + job.getFailureReason()));
        kv(h, "aligned model", s.getAlignedPath());
        kv(h, s.hasLoraAdapterPath() ? "LoRA adapter" : "fine-tuned model",
                s.hasLoraAdapterPath() ? s.getLoraAdapterPath() : s.getFineTunedPath());
        kv(h, "attempts", Integer.toString(job.getAttempts()));
        if (complete) {
            kvHtml(h, "harmful rate (fine-tuned &rarr; kept)", pct(r.getBaselineHarmfulRate()) + " &rarr; "
                    + (r.hasSelectedHarmfulRate() ? pct(r.getSelectedHarmfulRate()) : "n/a"));
            kvHtml(h, "task score (fine-tuned &rarr; kept)", num(r.getBaselineTaskScore()) + " &rarr; "
                    + (r.hasSelectedTaskScore() ? num(r.getSelectedTaskScore()) : "n/a"));
            kv(h, "task floor", num(r.getTaskFloor()));
            if (r.hasAlignedHarmfulRate()) {
                kv(h, "aligned model's harmful rate", pct(r.getAlignedHarmfulRate()));
            }
            kv(h, "kept step", r.getSelectedStep() == 0 ? "none" : Integer.toString(r.getSelectedStep()));
            kv(h, "cut layer", Integer.toString(r.getCutLayer()));
            kv(h, "mode", r.getRollbackMode() ? "restore + rollback (the warm-up fell below the floor)" : "plain restore");
            kv(h, "duration", Durations.toString(r.getDuration()));
            kv(h, "repaired checkpoint", r.getOutputCheckpointPath());
            kv(h, "loaded into inference-service", r.getLoadedIntoInference() ? "yes" : "no");
        } else {
            kv(h, "output (when done)", s.getOutputPath());
        }
        h.append("</table>\n");
    }

    private static void chart(StringBuilder h, RepairReport r, boolean complete) {
        List<RepairStepRow> rows = r.getStepsList();
        if (rows.isEmpty()) {
            h.append("<p>No step has completed yet.</p>\n");
            return;
        }
        int last = rows.stream().mapToInt(RepairStepRow::getStep).max().orElse(1);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"harmful rate and task score per step\">\n");
        for (int i = 0; i <= 4; i++) { // y grid: 0, 0.25, ... 1
            double y = TOP + plotH * (1 - i / 4.0);
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", LEFT, WIDTH - RIGHT, y, y, LEFT - 6,
                    y + 4, i / 4.0));
        }
        h.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT,
                WIDTH - RIGHT, HEIGHT - BOTTOM, HEIGHT - BOTTOM));
        h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">restore step</text>%n",
                LEFT + plotW / 2, HEIGHT - 8));
        if (complete) {
            double fy = y(r.getTaskFloor(), plotH);
            h.append(String.format(Locale.ROOT, "<line class=\"task-floor\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\""
                    + " stroke=\"%s\" stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\""
                    + " fill=\"%s\">task floor %.3f</text>%n", LEFT, WIDTH - RIGHT, fy, fy, TASK, WIDTH - RIGHT,
                    fy - 4, TASK, r.getTaskFloor()));
        }
        StringBuilder harm = new StringBuilder();
        StringBuilder task = new StringBuilder();
        if (complete) {
            harm.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(0, last, plotW), y(r.getBaselineHarmfulRate(), plotH)));
            task.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(0, last, plotW), y(r.getBaselineTaskScore(), plotH)));
        }
        for (RepairStepRow row : rows) {
            if (row.hasHarmfulRate()) {
                harm.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(row.getStep(), last, plotW),
                        y(row.getHarmfulRate(), plotH)));
            }
            if (row.hasTaskScore()) {
                task.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(row.getStep(), last, plotW),
                        y(row.getTaskScore(), plotH)));
            }
        }
        h.append("<polyline class=\"harmful-rate\" fill=\"none\" stroke=\"").append(HARM)
                .append("\" stroke-width=\"2\" points=\"").append(harm.toString().strip()).append("\"/>\n");
        h.append("<polyline class=\"task-score\" fill=\"none\" stroke=\"").append(TASK)
                .append("\" stroke-width=\"2\" points=\"").append(task.toString().strip()).append("\"/>\n");
        for (RepairStepRow row : rows) {
            marker(h, row, last, plotW, plotH);
        }
        if (complete && r.getSelectedStep() > 0) {
            double sx = x(r.getSelectedStep(), last, plotW);
            h.append(String.format(Locale.ROOT, "<line class=\"selected-step\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\""
                    + " y2=\"%d\" stroke=\"#1e8449\" stroke-width=\"2\"/><text x=\"%.1f\" y=\"%d\" fill=\"#1e8449\">"
                    + "kept: step %d</text>%n", sx, sx, TOP, HEIGHT - BOTTOM, sx + 4, TOP + 10, r.getSelectedStep()));
        }
        legend(h);
        h.append("</svg>\n");
    }

    /** One marker per step: a tick with a tooltip, points where measured, rollback and rejection marks. */
    private static void marker(StringBuilder h, RepairStepRow row, int last, double plotW, double plotH) {
        double sx = x(row.getStep(), last, plotW);
        int axis = HEIGHT - BOTTOM;
        h.append("<g class=\"step-marker\" data-step=\"").append(row.getStep()).append("\"><title>")
                .append(esc(stepTitle(row))).append("</title>");
        h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>", sx,
                sx, axis, axis + 5));
        if (last <= 40 || row.getStep() % Math.max(1, last / 20) == 0) {
            h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>", sx,
                    axis + 17, row.getStep()));
        }
        if (row.hasHarmfulRate()) {
            h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>", sx,
                    y(row.getHarmfulRate(), plotH), HARM));
        }
        if (row.hasTaskScore()) {
            double ty = y(row.getTaskScore(), plotH);
            h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\"/>",
                    sx - 3.5, ty - 3.5, TASK));
            if (row.getBelowFloor()) {
                h.append(String.format(Locale.ROOT, "<circle class=\"below-floor\" cx=\"%.1f\" cy=\"%.1f\" r=\"8\""
                        + " fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>", sx, ty, HARM));
            }
        }
        if (row.getRolledBackCount() > 0) {
            h.append(String.format(Locale.ROOT, "<path class=\"rollback\" d=\"M%.1f %d l-5 9 h10 z\" fill=\"#e67e22\"/>",
                    sx, axis + 21));
        }
        h.append("</g>\n");
    }

    private static void legend(StringBuilder h) {
        int y = TOP + 4;
        int x = LEFT + 10;
        h.append(String.format(Locale.ROOT, "<g class=\"legend\"><circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">harmful rate</text><rect x=\"%d\" y=\"%d\" width=\"8\" height=\"8\""
                + " fill=\"%s\"/><text x=\"%d\" y=\"%d\">task score</text><path d=\"M%d %d l-5 9 h10 z\""
                + " fill=\"#e67e22\"/><text x=\"%d\" y=\"%d\">rollback step</text></g>%n",
                x, y, HARM, x + 8, y + 4, x + 100, y - 4, TASK, x + 112, y + 4, x + 200, y - 5, x + 210, y + 4));
    }

    private static String stepTitle(RepairStepRow row) {
        StringBuilder t = new StringBuilder("step ").append(row.getStep()).append(" (")
                .append(row.getPhase().name().replace("REPAIR_PHASE_", "").toLowerCase(Locale.ROOT)).append("): ")
                .append(row.getRestoredCount()).append(" restored, ").append(row.getRolledBackCount())
                .append(" rolled back, ").append(row.getRestoredTotal()).append(" differing");
        if (row.hasHarmfulRate()) {
            t.append(", harmful ").append(pct(row.getHarmfulRate()));
        }
        if (row.hasTaskScore()) {
            t.append(", task ").append(num(row.getTaskScore()));
        }
        if (row.getBelowFloor()) {
            t.append(", below the floor (rejected)");
        }
        return t.toString();
    }

    private static void swapBound(StringBuilder h, RepairReport r, boolean complete) {
        if (!r.hasSwapBound()) {
            h.append("<p>").append(complete ? "Not run." : "Not available yet.").append("</p>\n");
            return;
        }
        SwapBound s = r.getSwapBound();
        h.append("<div class=\"box swap-bound\"><p class=\"").append(s.getRepairable() ? "good" : "bad").append("\">")
                .append(s.getRepairable() ? "Repairable below the cut." : "Not repairable below the cut: compliance"
                        + " lives above it (a heavy fine-tune); a higher cut is needed.")
                .append("</p><table>");
        kv(h, "cut layer tested", Integer.toString(s.getCutLayer()));
        kv(h, "harmful rate with every candidate layer swapped back", pct(s.getSwappedHarmfulRate()));
        kv(h, "task score of that model", num(s.getSwappedTaskScore()));
        if (s.hasSuggestedCutLayer()) {
            kv(h, "suggested cut layer", Integer.toString(s.getSuggestedCutLayer()));
        }
        h.append("</table><p>").append(esc(s.getSummary())).append("</p></div>\n");
    }

    private static void changes(StringBuilder h, List<ModuleChange> changes) {
        if (changes.isEmpty()) {
            h.append("<p>None recorded.</p>\n");
            return;
        }
        h.append("<table class=\"changes\"><tr><th>layer</th><th class=\"l\">module</th><th>parameters</th>"
                + "<th>restored</th><th>rolled back</th><th>share changed</th></tr>\n");
        for (ModuleChange c : changes) {
            double share = c.getParameters() == 0 ? 0 : (double) (c.getRestored() - c.getRolledBack()) / c.getParameters();
            h.append("<tr><td>").append(c.getLayer()).append("</td><td class=\"l\">").append(esc(c.getModule()))
                    .append("</td><td>").append(c.getParameters()).append("</td><td>").append(c.getRestored())
                    .append("</td><td>").append(c.getRolledBack()).append("</td><td>").append(pct(share))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void steps(StringBuilder h, List<RepairStepRow> rows, int selected) {
        if (rows.isEmpty()) {
            h.append("<p>None yet.</p>\n");
            return;
        }
        h.append("<table class=\"steps\"><tr><th>step</th><th class=\"l\">phase</th><th>restored</th>"
                + "<th>rolled back</th><th>differing</th><th>harmful rate</th><th>task score</th><th>checkpoint</th>"
                + "<th>group parity</th><th>harmful loss</th><th>time</th></tr>\n");
        for (RepairStepRow row : rows) {
            h.append("<tr").append(row.getStep() == selected ? " class=\"good\"" : "").append("><td>")
                    .append(row.getStep()).append("</td><td class=\"l\">")
                    .append(row.getPhase().name().replace("REPAIR_PHASE_", "").toLowerCase(Locale.ROOT))
                    .append("</td><td>").append(row.getRestoredCount()).append("</td><td>")
                    .append(row.getRolledBackCount()).append("</td><td>").append(row.getRestoredTotal())
                    .append("</td><td>").append(row.hasHarmfulRate() ? pct(row.getHarmfulRate()) : "")
                    .append("</td><td").append(row.getBelowFloor() ? " class=\"bad\"" : "").append(">")
                    .append(row.hasTaskScore() ? num(row.getTaskScore()) : "").append("</td><td>")
                    .append(row.getCheckpoint() ? (row.getStep() == selected ? "kept" : row.getBelowFloor()
                            ? "rejected" : "saved") : "").append("</td><td>")
                    .append(row.hasGroupParity() ? esc(parity(row.getGroupParity())) : "").append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.4g", row.getHarmfulLoss())).append("</td><td>")
                    .append(Durations.toString(row.getDuration())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** Refusals per group and Delta DP per pair, e.g. "refused 100/13/6/13%; a-b +87 pp (flagged)". */
    static String parity(BiasAuditRun run) {
        StringBuilder t = new StringBuilder("refused");
        String sep = " ";
        for (GroupRefusal g : run.getGroupsList()) {
            t.append(sep).append(Math.round(100 * g.getRefusalRate()));
            sep = "/";
        }
        t.append("%");
        for (PairParity p : run.getPairsList()) {
            t.append(String.format(Locale.ROOT, "; %s-%s %+.0f pp%s", p.getGroupA(), p.getGroupB(),
                    100 * p.getDeltaDp(), p.getFlagged() ? " (flagged)" : ""));
        }
        return t.toString();
    }

    private static void geometry(StringBuilder h, String title, List<LayerGeometry> rows) {
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h3>").append(esc(title)).append("</h3><table><tr><th>layer</th><th>alignment index</th>"
                + "<th>Davies-Bouldin</th><th>Dunn</th><th>Xie-Beni</th><th>Calinski-Harabasz</th></tr>\n");
        for (LayerGeometry g : rows) {
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>"
                    + "<td>%.1f</td></tr>%n", g.getLayer(), g.getAlignmentIndex(), g.getDaviesBouldin(), g.getDunn(),
                    g.getXieBeni(), g.getCalinskiHarabasz()));
        }
        h.append("</table>\n");
    }

    private static double x(int step, int last, double plotW) {
        return LEFT + plotW * step / Math.max(1, last);
    }

    private static double y(double value, double plotH) {
        double v = Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
        return TOP + plotH * (1 - v);
    }

    private static void kv(StringBuilder h, String key, String value) {
        kvHtml(h, key, esc(value));
    }

    private static void kvHtml(StringBuilder h, String key, String valueHtml) {
        h.append("<tr><th class=\"l\">").append(key).append("</th><td class=\"l\">").append(valueHtml)
                .append("</td></tr>");
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** HTML-escapes text (element content and attribute values). */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
