package dev.warden.recovery.report;

import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairReport;
import dev.warden.recovery.json.ProtoJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a finished job's {@code report.json} and {@code report.html} next to the repaired checkpoint. */
public final class ReportFiles {

    /** The JSON report's file name. */
    public static final String JSON = "report.json";
    /** The HTML report's file name. */
    public static final String HTML = "report.html";

    private ReportFiles() {
    }

    /**
     * Writes both files into {@code dir} (each through a temporary file and an atomic rename).
     *
     * @param job the job, its report complete
     * @return the report with {@code report_json_path} and {@code report_html_path} set
     */
    public static RepairReport write(Path dir, RepairJob job) throws IOException {
        Files.createDirectories(dir);
        RepairReport report = job.getReport().toBuilder().setReportJsonPath(dir.resolve(JSON).toString())
                .setReportHtmlPath(dir.resolve(HTML).toString()).build();
        RepairJob withPaths = job.toBuilder().setReport(report).build();
        atomicWrite(dir.resolve(JSON), ProtoJson.pretty(report) + "\n");
        atomicWrite(dir.resolve(HTML), ReportHtml.render(withPaths));
        return report;
    }

    private static void atomicWrite(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
