package dev.warden.recovery.report;

import dev.warden.proto.v1.RepairReport;
import dev.warden.proto.v1.RepairStepRow;
import java.util.List;
import java.util.Locale;

/**
 * The report's chart as inline SVG: harmful rate and task score per step with the task floor as a dashed line,
 * one marker per step (rollback steps, rejected checkpoints and the kept step marked). Built in Java rather than
 * in the Qute template: every element is placed by arithmetic on the step numbers and rates (coordinates, polyline
 * points, tick thinning), which a template would only hide behind calls back into Java.
 *
 * <p>Legend: x = restore step (0 = the fine-tuned model before repair), y = rate or score in [0, 1].
 */
final class ReportChart {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 320;
    private static final int LEFT = 56;
    private static final int RIGHT = 24;
    private static final int TOP = 20;
    private static final int BOTTOM = 48;
    private static final String HARM = "#c0392b";
    private static final String TASK = "#1f6fb2";

    private ReportChart() {
    }

    /** The chart of {@code r}'s steps (at least one). */
    static String svg(RepairReport r, boolean complete) {
        List<RepairStepRow> rows = r.getStepsList();
        StringBuilder h = new StringBuilder(8_192);
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
        h.append("</svg>");
        return h.toString();
    }

    /** One marker per step: a tick with a tooltip, points where measured, rollback and rejection marks. */
    private static void marker(StringBuilder h, RepairStepRow row, int last, double plotW, double plotH) {
        double sx = x(row.getStep(), last, plotW);
        int axis = HEIGHT - BOTTOM;
        h.append("<g class=\"step-marker\" data-step=\"").append(row.getStep()).append("\"><title>")
                .append(ReportHtml.esc(stepTitle(row))).append("</title>");
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

    private static double x(int step, int last, double plotW) {
        return LEFT + plotW * step / Math.max(1, last);
    }

    private static double y(double value, double plotH) {
        double v = Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
        return TOP + plotH * (1 - v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

}
