package dev.warden.benchmarks.gateway;

import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.pipeline.DetectorScanner;
import dev.warden.gateway.pipeline.LearnedScanner;
import dev.warden.gateway.pipeline.PromptScanner;
import dev.warden.gateway.rails.JailbreakDetector;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.OperatingPoint;
import dev.warden.tools.guard.DataSplit;
import dev.warden.tools.guard.GuardCommand;
import dev.warden.tools.guard.SafetyData;
import dev.warden.tools.guard.SafetyRow;
import io.smallrye.config.WithDefault;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./warden eval-rails --data DIR [--extra DIR|none] [--source NAME]} or {@code --rows FILE|DIR [--source NAME]}:
 * what the gateway's input rails' prompt scanner would block on the test split of a safety-train directory, the split eval-guard reports on (DIR's rows with the project-written
 * rows of tools/data/guard-extra, split by group; the project-written rows reported apart). The scanner is the one the
 * gateway builds (its {@code GatewayBeans}): the rules ({@link DetectorScanner} over the shipped
 * {@link JailbreakDetector}) with the shipped guard model's heads ({@link LearnedScanner}), at each operating point,
 * blocking at the gateway's default {@code rails.jailbreak-threshold}, with the injection head on user messages
 * or not ({@code rails.learned.injection-on-user-messages}); and the rules alone (the gateway with
 * {@code rails.learned.enabled=false}). Rows go in as a user message, and injection and benign rows also as tool
 * output ({@link RailsReport}). The judge's rail on the prompt and the suffix-perplexity rail are not part of it.
 *
 * <p>{@code --rows FILE|DIR} takes a file (or directory) of rows whole instead, with no split and no project rows
 * added, and {@code --source NAME} keeps one source's rows (with {@code --data}: of the test split): such a set is
 * reported as one ({@link RowSetReport}: every row as tool and as user message, and what the injection and
 * jailbreak heads flag alone), e.g. {@code tools/data/guard-eval/ordinary-tool-outputs.jsonl}, ordinary emails
 * and documents an agent reads through tools, never trained on.
 */
@Command(name = "eval-rails", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The gateway's input-rail scanner (rules + learned heads) on the test split of a safety-train"
                + " directory: share blocked per label and source, as user and as tool message, per operating point,"
                + " with and without the injection head on user messages; or on a whole file of rows (--rows).")
public final class RailsEvaluation implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR",
            description = "a directory of JSONL files in the safety-train format: its test split is evaluated")
    private Path data;

    @Option(names = "--rows", paramLabel = "FILE|DIR", description = "instead of --data: every row of a JSONL file (or"
            + " of a directory's JSONL files) in the safety-train format, as is (no split, no project rows added)")
    private Path rows;

    @Option(names = "--source", paramLabel = "NAME", description = "only the rows of this source (with --data: of"
            + " the test split), reported as one set")
    private String source;

    @Option(names = "--extra", paramLabel = "DIR[,DIR...]|none", description = "project-written rows in the same format,"
            + " split with DIR's rows and reported apart (default: tools/data/guard-extra, as eval-guard; several folders"
            + " separated by commas); none leaves them out")
    private String extra;

    @Spec
    private CommandSpec spec;

    RailsEvaluation() {
    }

    /** Runs the evaluation (options: {@code --help}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RailsEvaluation()).execute(args));
    }

    @Override
    public Integer call() {
        if ((data == null) == (rows == null)) {
            throw new ParameterException(spec.commandLine(), "give --data DIR (its test split) or --rows FILE|DIR"
                    + " (every row), one of them");
        }
        if (rows != null) {
            if (!Files.exists(rows)) {
                throw new ParameterException(spec.commandLine(), "--rows must be a JSONL file or a directory of them"
                        + " in the safety-train format, got " + rows);
            }
            return rowSet(rows.toString(), SafetyData.load(rows));
        }
        if (!Files.isDirectory(data)) {
            throw new ParameterException(spec.commandLine(), "--data must be a directory of JSONL files in the"
                    + " safety-train format, got " + data);
        }
        DataSplit split;
        try {
            split = GuardCommand.split(data, GuardCommand.extras(extra));
        } catch (GuardCommand.ProjectRowsException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        List<SafetyRow> test = split.part(DataSplit.Part.TEST);
        if (source != null) {
            return rowSet("the test split of " + data, test);
        }
        double threshold = Double.parseDouble(gatewayDefault(GatewayConfig.Rails.class, "jailbreakThreshold"));
        OperatingPoint gatewayPoint = OperatingPoint.parse(gatewayDefault(GatewayConfig.Learned.class, "operatingPoint"));
        PromptScanner rules = new DetectorScanner(JailbreakDetector.fromResources());
        GuardModel model = GuardModel.load();
        PrintWriter out = spec.commandLine().getOut();
        long projectRows = test.stream().filter(SafetyRow::projectWritten).count();
        out.printf("%ninput rails' scanner on the test split (%d rows, %d of them project-written and reported apart);"
                + " tool path: user \"%s\" + the row as a tool message%n%n", test.size(), projectRows,
                RailsReport.TOOL_REQUEST);
        Map<String, RailsReport> reports = new LinkedHashMap<>();
        reports.put("rules alone", RailsReport.of(rules, rules, threshold, test));
        boolean injectionOnUser = Boolean.parseBoolean(gatewayDefault(GatewayConfig.Learned.class,
                "injectionOnUserMessages"));
        for (OperatingPoint point : OperatingPoint.values()) {
            for (boolean onUser : new boolean[] {injectionOnUser, !injectionOnUser}) {
                String name = "rules + heads, " + point.json() + (onUser ? ", injection head on user messages" : "")
                        + (point == gatewayPoint && onUser == injectionOnUser ? " (gateway default)" : "");
                reports.put(name, RailsReport.of(new LearnedScanner(rules, model, point, threshold, onUser), rules,
                        threshold, test));
            }
        }
        reports.forEach((name, report) -> {
            if (!name.equals("rules alone")) {
                out.println(report.markdown(name));
            }
        });
        out.println("## summary: share of the test rows blocked (project-written rows aside)");
        out.println();
        out.print(RailsReport.summary(reports));
        out.flush();
        return 0;
    }

    /** Reports {@code set} (the rows of {@link #source} when given) whole: {@link RowSetReport}. */
    private int rowSet(String what, List<SafetyRow> set) {
        List<SafetyRow> kept = source == null ? set : set.stream().filter(r -> r.source().equals(source)).toList();
        if (kept.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no rows" + (source == null ? "" : " of source "
                    + source) + " in " + what);
        }
        RowSetReport.Settings settings = new RowSetReport.Settings(
                Double.parseDouble(gatewayDefault(GatewayConfig.Rails.class, "jailbreakThreshold")),
                OperatingPoint.parse(gatewayDefault(GatewayConfig.Learned.class, "operatingPoint")),
                Boolean.parseBoolean(gatewayDefault(GatewayConfig.Learned.class, "injectionOnUserMessages")));
        RowSetReport report = RowSetReport.of(new DetectorScanner(JailbreakDetector.fromResources()), GuardModel.load(),
                settings, kept);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%ninput rails' scanner on %s%s; tool path: user \"%s\" + the row as a tool message%n%n", what,
                source == null ? "" : ", source " + source, RailsReport.TOOL_REQUEST);
        out.print(report.markdown(source == null ? what : source));
        out.flush();
        return 0;
    }

    /** The {@code @WithDefault} of a gateway config key: the value the gateway runs with unless configured. */
    static String gatewayDefault(Class<?> group, String key) {
        try {
            WithDefault value = group.getMethod(key).getAnnotation(WithDefault.class);
            if (value == null) {
                throw new IllegalStateException(group.getSimpleName() + "." + key + " has no default");
            }
            return value.value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the gateway config has no key " + group.getSimpleName() + "." + key, e);
        }
    }
}
