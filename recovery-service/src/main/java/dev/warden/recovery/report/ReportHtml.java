package dev.warden.recovery.report;

import com.google.protobuf.util.Durations;
import dev.warden.proto.v1.BiasAuditRun;
import dev.warden.proto.v1.GroupRefusal;
import dev.warden.proto.v1.LayerGeometry;
import dev.warden.proto.v1.ModuleChange;
import dev.warden.proto.v1.PairParity;
import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairReport;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.RepairState;
import dev.warden.proto.v1.RepairStepRow;
import dev.warden.proto.v1.SwapBound;
import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.RawString;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page (no script, no external style or font: it must open offline), from
 * the Qute template {@code report.qute.html} beside this class: the summary, the chart ({@link ReportChart}, inline
 * SVG), the swap-bound diagnostic, the per-layer and per-module change table, the step table and the alignment
 * geometry when present. Every value is HTML-escaped by the template engine; only the chart is inserted raw.
 */
public final class ReportHtml {

    private static final Template TEMPLATE = template();

    private ReportHtml() {
    }

    /** A key and a value of a two-column table. */
    public record Row(String key, String value) {
    }

    /** The swap-bound box. */
    public record SwapBox(boolean repairable, List<Row> rows, String summary) {
    }

    /** A row of the change table. */
    public record Change(int layer, String module, long parameters, long restored, long rolledBack, String share) {
    }

    /** A row of the step table, formatted. */
    public record Step(int step, String phase, long restored, long rolledBack, long differing, String harmfulRate,
                       String taskScore, boolean belowFloor, boolean kept, String checkpoint, String parity,
                       String harmfulLoss, String time) {
    }

    /** One geometry table. */
    public record GeometryTable(String title, List<Layer> layers) {
    }

    /** A row of a geometry table, formatted. */
    public record Layer(int layer, String alignmentIndex, String daviesBouldin, String dunn, String xieBeni,
                        String calinskiHarabasz) {
    }

    /** What the template shows. */
    public record Page(String jobId, List<Row> summary, RawString chart, SwapBox swapBound, String swapBoundMissing,
                       List<Change> changes, List<Step> steps, List<GeometryTable> geometry) {
    }

    /** The page of {@code job}'s report (partial while the job runs). */
    public static String render(RepairJob job) {
        return TEMPLATE.data("page", page(job)).render();
    }

    static Page page(RepairJob job) {
        RepairReport r = job.getReport();
        boolean complete = job.getState() == RepairState.REPAIR_STATE_SUCCEEDED;
        List<GeometryTable> geometry = new ArrayList<>();
        if (r.getGeometryBeforeCount() > 0) {
            geometry.add(geometry("before (fine-tuned)", r.getGeometryBeforeList()));
        }
        if (r.getGeometryAfterCount() > 0) {
            geometry.add(geometry("after (repaired)", r.getGeometryAfterList()));
        }
        return new Page(job.getJobId(), summary(job, r, complete),
                new RawString(r.getStepsCount() == 0 ? "" : ReportChart.svg(r, complete)),
                r.hasSwapBound() ? swapBox(r.getSwapBound()) : null, complete ? "Not run." : "Not available yet.",
                r.getChangesList().stream().map(ReportHtml::change).toList(),
                r.getStepsList().stream().map(s -> step(s, r.getSelectedStep())).toList(), geometry);
    }

    private static List<Row> summary(RepairJob job, RepairReport r, boolean complete) {
        RepairSpec s = job.getSpec();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("state", job.getState().name().replace("REPAIR_STATE_", "").toLowerCase(Locale.ROOT)
                + (job.getFailureReason().isEmpty() ? "" : ": " + job.getFailureReason())));
        rows.add(new Row("aligned model", s.getAlignedPath()));
        rows.add(new Row(s.hasLoraAdapterPath() ? "LoRA adapter" : "fine-tuned model",
                s.hasLoraAdapterPath() ? s.getLoraAdapterPath() : s.getFineTunedPath()));
        rows.add(new Row("attempts", Integer.toString(job.getAttempts())));
        if (!complete) {
            rows.add(new Row("output (when done)", s.getOutputPath()));
            return rows;
        }
        rows.add(new Row("harmful rate (fine-tuned \u2192 kept)", pct(r.getBaselineHarmfulRate()) + " \u2192 "
                + (r.hasSelectedHarmfulRate() ? pct(r.getSelectedHarmfulRate()) : "n/a")));
        rows.add(new Row("task score (fine-tuned \u2192 kept)", num(r.getBaselineTaskScore()) + " \u2192 "
                + (r.hasSelectedTaskScore() ? num(r.getSelectedTaskScore()) : "n/a")));
        rows.add(new Row("task floor", num(r.getTaskFloor())));
        if (r.hasAlignedHarmfulRate()) {
            rows.add(new Row("aligned model's harmful rate", pct(r.getAlignedHarmfulRate())));
        }
        rows.add(new Row("kept step", r.getSelectedStep() == 0 ? "none" : Integer.toString(r.getSelectedStep())));
        rows.add(new Row("cut layer", Integer.toString(r.getCutLayer())));
        rows.add(new Row("mode", r.getRollbackMode() ? "restore + rollback (the warm-up fell below the floor)"
                : "plain restore"));
        rows.add(new Row("duration", Durations.toString(r.getDuration())));
        rows.add(new Row("repaired checkpoint", r.getOutputCheckpointPath()));
        rows.add(new Row("loaded into inference-service", r.getLoadedIntoInference() ? "yes" : "no"));
        return rows;
    }

    private static SwapBox swapBox(SwapBound s) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("cut layer tested", Integer.toString(s.getCutLayer())));
        rows.add(new Row("harmful rate with every candidate layer swapped back", pct(s.getSwappedHarmfulRate())));
        rows.add(new Row("task score of that model", num(s.getSwappedTaskScore())));
        if (s.hasSuggestedCutLayer()) {
            rows.add(new Row("suggested cut layer", Integer.toString(s.getSuggestedCutLayer())));
        }
        return new SwapBox(s.getRepairable(), rows, s.getSummary());
    }

    private static Change change(ModuleChange c) {
        double share = c.getParameters() == 0 ? 0 : (double) (c.getRestored() - c.getRolledBack()) / c.getParameters();
        return new Change(c.getLayer(), c.getModule(), c.getParameters(), c.getRestored(), c.getRolledBack(),
                pct(share));
    }

    private static Step step(RepairStepRow row, int selected) {
        boolean kept = row.getStep() == selected;
        return new Step(row.getStep(), row.getPhase().name().replace("REPAIR_PHASE_", "").toLowerCase(Locale.ROOT),
                row.getRestoredCount(), row.getRolledBackCount(), row.getRestoredTotal(),
                row.hasHarmfulRate() ? pct(row.getHarmfulRate()) : "", row.hasTaskScore() ? num(row.getTaskScore()) : "",
                row.getBelowFloor(), kept,
                row.getCheckpoint() ? (kept ? "kept" : row.getBelowFloor() ? "rejected" : "saved") : "",
                row.hasGroupParity() ? parity(row.getGroupParity()) : "",
                String.format(Locale.ROOT, "%.4g", row.getHarmfulLoss()), Durations.toString(row.getDuration()));
    }

    private static GeometryTable geometry(String title, List<LayerGeometry> rows) {
        return new GeometryTable(title, rows.stream().map(g -> new Layer(g.getLayer(),
                String.format(Locale.ROOT, "%.3f", g.getAlignmentIndex()),
                String.format(Locale.ROOT, "%.3f", g.getDaviesBouldin()), String.format(Locale.ROOT, "%.3f", g.getDunn()),
                String.format(Locale.ROOT, "%.3f", g.getXieBeni()),
                String.format(Locale.ROOT, "%.1f", g.getCalinskiHarabasz()))).toList());
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

    private static String pct(double v) {
        return ReportChart.pct(v);
    }

    private static String num(double v) {
        return ReportChart.num(v);
    }

    /**
     * The template on a plain Qute engine (qute-core, no CDI: the page is rendered by the domain's report files as
     * well as by the REST resource), escaping every value for text/html and resolving record accessors.
     */
    private static Template template() {
        Engine engine = Engine.builder().addDefaults().addValueResolver(ValueResolvers.rawResolver())
                .addValueResolver(new ReflectionValueResolver())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML))).strictRendering(true).build();
        try (InputStream in = ReportHtml.class.getResourceAsStream("report.qute.html")) {
            if (in == null) {
                throw new IllegalStateException("report.qute.html missing from the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return engine.parse(text, Variant.forContentType(Variant.TEXT_HTML));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
