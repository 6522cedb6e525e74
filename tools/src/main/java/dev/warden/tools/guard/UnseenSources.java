package dev.warden.tools.guard;

import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.OperatingPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./warden unseen-sources --data DIR [--sources a,b] [--out FILE]}: the leave-source-out table. One fold per
 * public attack source (harmful, jailbreak, injection) of at least {@code --min-rows} rows; each fold also holds out
 * one public benign source, round-robin over the benign sources of that size in name order (so every one is held out
 * at least once; the pairing depends only on the data and is printed). BIPIA's clean emails go with its constructed
 * injections ({@link HeldOutSources#LINKED}) and are not in the round-robin. Each fold trains with the shipped settings
 * ({@link GuardTraining#defaults()}, the template corpus and the project-written rows as {@code train-guard} takes
 * them) into a temporary folder, calibrates on the remaining sources' dev rows, and scores every row of its held-out
 * sources ({@link HeldOutSources}). The features of all texts are hashed once and shared by the folds.
 *
 * <p>The summary puts beside each held-out figure the same source's figure on the test part for the shipped model,
 * which was trained on the source's train part: the distance between the two is what a collection the model never saw
 * costs. Sources under {@code --min-rows} get no fold and stay in every fold's training.
 */
@Command(name = "unseen-sources", aliases = "unseen", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Leave-source-out: per attack source (plus one benign source), train without it, score all its"
                + " rows; one summary table beside the shipped model's test-split figures.")
final class UnseenSources implements Callable<Integer> {

    /** Sources with fewer rows get no fold by default. */
    static final int MIN_ROWS = 20;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "a directory of JSONL files in the"
            + " safety-train format")
    private Path data;

    @Option(names = "--sources", split = ",", paramLabel = "SRC[,SRC...]", description = "run only the folds of these"
            + " attack sources (the pairing is that of the full set; default: every fold)")
    private List<String> sources;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the summary table (Markdown) here")
    private Path out;

    @Option(names = "--min-rows", paramLabel = "N", defaultValue = "" + MIN_ROWS, description = "sources with fewer"
            + " rows get no fold (default: ${DEFAULT-VALUE})")
    private int minRows;

    @Option(names = "--point", paramLabel = "strict|default|lenient", defaultValue = "default",
            converter = GuardCommand.PointConverter.class, description = "operating point (default: ${DEFAULT-VALUE})")
    private OperatingPoint point;

    @Option(names = "--corpus", paramLabel = "DIR|none", description = "the template corpus folder (default: the"
            + " repository's); none leaves it out")
    private String corpus;

    @Option(names = "--extra", paramLabel = "DIR[,DIR...]|none", description = "project-written rows (default:"
            + " tools/data/guard-extra; several folders separated by commas); none leaves them out")
    private String extra;

    /**
     * One fold: an attack source, the benign source held out with it (null: none), and every source it holds out.
     */
    record Fold(String attack, String benign, Set<String> heldOut) {
    }

    /**
     * The folds of {@code rows}: one per public attack source of at least {@code minRows} rows (by label, then name),
     * each with the next public benign source of that size (name order, round-robin; the {@link HeldOutSources#LINKED}
     * sources are not in the round-robin).
     */
    static List<Fold> folds(List<SafetyRow> rows, int minRows) {
        Map<String, SafetyRow.Label> labels = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        for (SafetyRow r : rows) {
            if (!r.projectWritten()) {
                labels.putIfAbsent(r.source(), r.label());
                sizes.merge(r.source(), 1, Integer::sum);
            }
        }
        List<String> attacks = labels.keySet().stream().filter(s -> labels.get(s) != SafetyRow.Label.BENIGN
                && sizes.get(s) >= minRows).sorted(Comparator.comparing((String s) -> labels.get(s))
                .thenComparing(s -> s)).toList();
        List<String> benign = labels.keySet().stream().filter(s -> labels.get(s) == SafetyRow.Label.BENIGN
                && sizes.get(s) >= minRows && !HeldOutSources.LINKED.containsKey(s)).sorted().toList();
        List<Fold> out = new ArrayList<>();
        for (int i = 0; i < attacks.size(); i++) {
            String b = benign.isEmpty() ? null : benign.get(i % benign.size());
            List<String> names = new ArrayList<>(List.of(attacks.get(i)));
            if (b != null) {
                names.add(b);
            }
            out.add(new Fold(attacks.get(i), b, HeldOutSources.resolve(names, rows)));
        }
        return out;
    }

    @Override
    public Integer call() {
        if (!Files.isDirectory(data)) {
            throw new ParameterException(spec.commandLine(), "--data must be a directory of JSONL files, got " + data);
        }
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        DataSplit split = GuardCommand.split(data, GuardCommand.extras(extra));
        List<Fold> all = folds(split.rows(), minRows);
        List<Fold> run = all;
        if (sources != null) {
            Set<String> wanted = new LinkedHashSet<>(sources.stream().map(String::trim).toList());
            Set<String> known = new TreeSet<>();
            all.forEach(f -> known.add(f.attack()));
            for (String w : wanted) {
                if (!known.contains(w)) {
                    throw new ParameterException(spec.commandLine(), "--sources: no fold for '" + w + "'; the folds'"
                            + " attack sources: " + String.join(", ", known));
                }
            }
            run = all.stream().filter(f -> wanted.contains(f.attack())).toList();
        }
        System.out.println("folds (attack source + benign source, round-robin; * = run):");
        for (int i = 0; i < all.size(); i++) {
            Fold f = all.get(i);
            Set<String> also = new TreeSet<>(f.heldOut());
            also.remove(f.attack());
            System.out.printf("  %s%2d. %s + %s%n", run.contains(f) ? "*" : " ", i + 1, f.attack(), String.join(" + ", also));
        }

        GuardTraining training = GuardTraining.defaults();
        Path corpusDir = corpus == null ? WardenCorpus.DEFAULT : "none".equals(corpus) ? null : Path.of(corpus);
        List<WardenCorpus.Prompt> warden = corpusDir == null ? List.of()
                : WardenCorpus.prompts(corpusDir.resolve("train.jsonl.gz"), training.mix().wardenPrompts());
        String wardenSource = corpusDir == null ? null : TemplateDevFold.TRAINED_ON_SHIPPED;
        SparseRows cached = training.features(split.rows(), warden);
        int added = cached.indices().length - split.rows().size();

        Map<String, HeldOutSources.Figures> shipped = new HashMap<>();
        HeldOutSources.of(GuardModel.load(), split.part(DataSplit.Part.TEST), point)
                .forEach(f -> shipped.put(f.source(), f));

        List<String> lines = new ArrayList<>();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("warden-unseen-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Fold f : run) {
            int n = all.indexOf(f) + 1;
            System.out.printf("%nfold %d: holding out %s (%s UTC)%n", n, String.join(", ", f.heldOut()),
                    utc(Instant.now()));
            DataSplit kept = split.without(f.heldOut());
            int[] positions = new int[kept.rows().size() + added];
            int k = 0;
            for (int i = 0; i < split.rows().size(); i++) {
                if (!f.heldOut().contains(split.rows().get(i).source())) {
                    positions[k++] = i;
                }
            }
            for (int i = 0; i < added; i++) {
                positions[k++] = split.rows().size() + i;
            }
            GuardModel model = training.train(kept, warden, wardenSource, cached.pick(positions), System.out::println);
            Path dir = tmp.resolve("fold-" + n);
            model.write(dir);
            List<HeldOutSources.Figures> figures = HeldOutSources.of(GuardModel.load(dir),
                    HeldOutSources.rows(split, f.heldOut()), point);
            System.out.print(HeldOutSources.table(figures, point));
            figures.forEach(g -> lines.add(row(n, g, shipped.get(g.source()))));
        }
        String table = summary(lines, started);
        System.out.println();
        System.out.print(table);
        if (out != null) {
            try {
                Files.writeString(out, table);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("wrote " + out);
        }
        return 0;
    }

    private String summary(List<String> lines, Instant started) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("leave-source-out at the '%s' point (%s to %s UTC): held out = never trained or"
                + " calibrated on, all its rows; test split = the shipped model on the source's test rows%n%n",
                point.json(), utc(started), utc(Instant.now())));
        t.append("| fold | source | label | rows | held out: recall (attack) / any-head FPR (benign) [95%]"
                + " | held out: any head (attack) / FPR harm, jailbreak, injection (benign)"
                + " | shipped model, test split: same figure [95%] (rows) |\n|---|---|---|---|---|---|---|\n");
        lines.forEach(t::append);
        return t.toString();
    }

    private static String utc(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", "");
    }

    private static String row(int fold, HeldOutSources.Figures f, HeldOutSources.Figures test) {
        String second = f.benign()
                ? String.format(java.util.Locale.ROOT, "%.3f / %.3f / %.3f", (double) f.heads()[0] / f.rows(),
                (double) f.heads()[1] / f.rows(), (double) f.heads()[2] / f.rows())
                : f.cell(f.any());
        String contrast = test == null ? "-" : test.cell(test.headline()) + " (" + test.rows() + ")";
        return String.format("| %d | %s | %s | %d | %s | %s | %s |%n", fold, f.source(), f.label().json(), f.rows(),
                f.cell(f.headline()), second, contrast);
    }
}
