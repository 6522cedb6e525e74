package dev.warden.tools.guard;

import dev.warden.guard.learned.GuardFeatures;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.OperatingPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./warden train-guard} and {@code ./warden eval-guard}:
 * <pre>
 *   train-guard --data DIR [--out DIR] [--corpus DIR] [--extra DIR[,DIR...]]
 *                                                      split DIR's JSONL, train, calibrate, write the model
 *                                                      (default: guard/src/main/resources/guard/learned), evaluate
 *               [--bits N] [--grams MIN..MAX] [--sentence-starts LEVEL [--sentence-weight W]] [--real-weight W] [--warden-prompts N] [--warden-weight W]
 *               [--lookalike-weight W] [--project-weight W] [--clean-weight W] [--injection-negative-weight W]
 *               [--harm-positive-weight W] [--drop-crossing-emails true|false] [--seed N] [--epochs N] [--lr X]
 *               [--l2 X] [--average N] [--orders N] [--injection-window CHARS] [--window-weight W] [--hidden H]
 *               [--members M] [--init-scale S]
 *                                                      override the shipped settings (--hidden H: a hidden-layer
 *                                                      model of H units, a multiple of 8, instead of the linear one;
 *                                                      --members, --init-scale: its inits)
 *   eval-guard  --data DIR [--model DIR] [--corpus DIR] [--extra DIR[,DIR...]] [--point strict|default|lenient]
 *                                                      the test-split report of the shipped (or given) model
 *   both        [--report dev|test]                    report on the dev part instead (for tuning; default test)
 *   eval-guard  ... [--model A] --against B             instead of the report: A against B on the same rows of the
 *                                                      part, pairwise (GuardComparison)
 *   train-guard ... --hold-out SRC[,SRC...] --out DIR  leave whole sources out of training and calibration and report
 *                                                      on all their rows apart (HeldOutSources)
 *   unseen-sources --data DIR [--sources a,b] [--out FILE]
 *                                                      the leave-source-out folds and their table (UnseenSources)
 * </pre>
 * {@code --corpus} is the project's template corpus folder (train.jsonl.gz, heldout.jsonl.gz; default
 * tools/src/main/resources/corpus); {@code --corpus none} leaves it out. With {@code --report dev} neither file is
 * read: the template prompts come from the corpus's dev fold ({@link TemplateDevFold}, generated from
 * {@code content/}), trained on its train part and scored on its dev part, and train-guard then needs an
 * {@code --out} other than the shipped folder (a dev model has seen less of the corpus). {@code --extra} is the folder of
 * project-written rows in the same format, split and trained on with DIR's rows and reported apart (default
 * tools/data/guard-extra), or several folders separated by commas (e.g. with {@link #CANDIDATES}, rows not yet trained
 * on by default); {@code --extra none} leaves them out.
 */
@Command(name = "warden", mixinStandardHelpOptions = true, subcommands = {GuardCommand.Train.class,
        GuardCommand.Eval.class, UnseenSources.class}, description = "Trains or evaluates the learned guard model.")
public final class GuardCommand implements Runnable {

    /** The default folder of project-written rows, relative to the repository root. */
    public static final Path EXTRA = Path.of("tools/data/guard-extra");
    /**
     * Project-written rows that are candidates for training, not loaded by default (the shipped weights are trained
     * without them): {@code --extra tools/data/guard-extra,tools/data/guard-extra-candidates} trains on them too.
     */
    public static final Path CANDIDATES = Path.of("tools/data/guard-extra-candidates");
    /** Where train-guard writes the model by default: the shipped weights, relative to the repository root. */
    public static final String SHIPPED_OUT = "guard/src/main/resources/guard/learned";

    @Spec
    private CommandSpec spec;

    private GuardCommand() {
    }

    /** Entry point: the first argument is {@code train}, {@code eval} or {@code unseen}. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line of the three subcommands (tests run it without exiting). */
    static CommandLine commandLine() {
        return new CommandLine(new GuardCommand());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: train-guard or eval-guard");
    }

    /**
     * The folders of project-written rows an {@code --extra} option names: {@link #EXTRA} when not given, none for
     * {@code none}, else the comma-separated folders (or files) it lists, in order.
     */
    public static List<Path> extras(String option) {
        if (option == null) {
            return List.of(EXTRA);
        }
        if ("none".equals(option)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (String part : option.split(",")) {
            if (!part.isBlank()) {
                out.add(Path.of(part.strip()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The rows of {@code data} with the project-written rows of {@code written} (a folder of JSONL files or one such file; null: none),
     * split by group, the counts printed: the split train-guard and eval-guard work on.
     *
     * @throws ProjectRowsException when a row of {@code written} is not project-written
     * @throws IllegalArgumentException when a directory holds no JSONL file or a malformed row ({@link SafetyData})
     */
    public static DataSplit split(Path data, Path written) {
        return split(data, written == null ? List.of() : List.of(written));
    }

    /**
     * As {@link #split(Path, Path)}, with the project-written rows of every folder (its JSONL files) or JSONL file of
     * {@code written}; the default folder {@link #EXTRA} is skipped when absent.
     *
     * @throws IllegalArgumentException when a named folder or file does not exist
     */
    public static DataSplit split(Path data, List<Path> written) {
        List<SafetyRow> rows = new ArrayList<>(SafetyData.load(data));
        for (Path dir : written) {
            if (!Files.exists(dir)) {
                if (dir.equals(EXTRA)) {
                    continue; // the default folder, absent outside a checkout
                }
                throw new IllegalArgumentException("--extra: no such folder or file: " + dir);
            }
            List<SafetyRow> project = SafetyData.load(dir);
            if (project.stream().anyMatch(r -> !r.projectWritten())) {
                throw new ProjectRowsException(dir + ": project-written rows need a source starting with "
                        + SafetyRow.PROJECT_PREFIX);
            }
            rows.addAll(project);
            System.out.println("project-written rows: " + project.size() + " from " + dir);
        }
        DataSplit split = DataSplit.of(rows);
        System.out.println("split by group: " + split.counts() + " of " + rows.size() + " rows from " + data);
        return split;
    }

    /** A folder of project-written rows holds a row whose source is not project-written (a usage error). */
    public static final class ProjectRowsException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ProjectRowsException(String message) {
            super(message);
        }
    }

    /** The options both subcommands take: the data, the template corpus, the operating point of the report. */
    static final class Evaluation {
        @Spec(Spec.Target.MIXEE)
        private CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "DIR",
                description = "a directory of JSONL files in the safety-train format")
        private Path data;

        @Option(names = "--corpus", paramLabel = "DIR|none", description = "the project's template corpus folder"
                + " (train.jsonl.gz, heldout.jsonl.gz; default: the repository's, WardenCorpus.DEFAULT);"
                + " none leaves it out")
        private String corpus;

        @Option(names = "--point", paramLabel = "strict|default|lenient", defaultValue = "default",
                converter = PointConverter.class, description = "operating point of the report (default: "
                + "${DEFAULT-VALUE})")
        private OperatingPoint point;

        @Option(names = "--extra", paramLabel = "DIR[,DIR...]|none", description = "project-written rows in the same"
                + " format (sources named warden_*; default: tools/data/guard-extra; several folders separated by"
                + " commas, e.g. tools/data/guard-extra,tools/data/guard-extra-candidates); none leaves them out")
        private String extra;

        @Option(names = "--report", paramLabel = "dev|test", defaultValue = "test", description = "the part the"
                + " report is on (dev for tuning, template figure on the template dev fold; default: ${DEFAULT-VALUE})")
        private String report;

        /** The part {@code --report} names; a usage error for another name. */
        DataSplit.Part part() {
            return switch (report) {
                case "test" -> DataSplit.Part.TEST;
                case "dev" -> DataSplit.Part.DEV;
                default -> throw new ParameterException(spec.commandLine(), "--report must be dev or test, got " + report);
            };
        }

        /**
         * Prints the paired comparison ({@link GuardComparison}) of {@code a} against {@code b} on the part
         * {@code --report} names, at {@code --point}.
         */
        void compare(GuardModel a, String aName, GuardModel b, String bName, DataSplit split) {
            DataSplit.Part part = part();
            System.out.println();
            System.out.println("on the " + part.name().toLowerCase(java.util.Locale.ROOT) + " part");
            System.out.print(GuardComparison.of(a, b, split.part(part), point, PairedRates.SEED, PairedRates.RESAMPLES)
                    .report(aName, bName, PairedRates.SEED, PairedRates.RESAMPLES));
        }

        /** Whether the report is on the dev part. */
        boolean reportsDev() {
            return "dev".equals(report);
        }

        /** The template corpus folder, or null for {@code none}. */
        Path corpus() {
            return corpus == null ? WardenCorpus.DEFAULT : "none".equals(corpus) ? null : Path.of(corpus);
        }

        /** The data split by group (printed); a usage error when {@code --data} is not a directory. */
        DataSplit split() {
            if (!Files.isDirectory(data)) {
                throw new ParameterException(spec.commandLine(), "--data must be a directory of JSONL files in the"
                        + " safety-train format, got " + data);
            }
            try {
                return GuardCommand.split(data, extras(extra));
            } catch (ProjectRowsException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }

        /**
         * The template prompts a test report scores: the corpus's held-out split ({@code heldout.jsonl.gz}; none with
         * {@code --corpus none}). A dev report never reads it ({@link TemplateDevFold}).
         */
        List<WardenCorpus.Prompt> heldout() {
            if (reportsDev()) {
                throw new IllegalStateException("a dev report scores the template dev fold, never the held-out split");
            }
            Path dir = corpus();
            return dir == null ? List.of() : WardenCorpus.prompts(dir.resolve("heldout.jsonl.gz"), Integer.MAX_VALUE);
        }

        /**
         * Prints the report of {@code model} on the test part (or the dev part with {@code --report dev}), with the
         * any-harm AUPRC on {@code template}: the held-out split's prompts on test, the template dev fold's on dev.
         */
        void report(GuardModel model, DataSplit split, List<WardenCorpus.Prompt> template) {
            DataSplit.Part part = part();
            System.out.println();
            String templateName = "project corpus held-out";
            if (part == DataSplit.Part.DEV) {
                System.out.println("report on the dev part (for tuning; the figures to quote are on the test part);"
                        + " template figure on the template dev fold (TemplateDevFold), not the held-out split");
                templateName = "template dev fold";
            }
            System.out.print(GuardEvaluation.of(model, split.part(part), template, templateName,
                    part.name().toLowerCase(java.util.Locale.ROOT), point).report());
        }
    }

    /** {@link OperatingPoint#parse} for picocli. */
    static final class PointConverter implements CommandLine.ITypeConverter<OperatingPoint> {
        @Override
        public OperatingPoint convert(String value) {
            return OperatingPoint.parse(value);
        }
    }

    /** {@code train-guard}: split, train, calibrate, write, evaluate. */
    @Command(name = "train-guard", aliases = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Splits the data by group, trains, calibrates on dev, writes the model, evaluates it.")
    static final class Train implements Callable<Integer> {
        @Mixin
        private Evaluation evaluation;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = SHIPPED_OUT,
                description = "where the model is written (default: ${DEFAULT-VALUE}; another folder with --report"
                + " dev)")
        private Path out;

        @Option(names = "--bits", paramLabel = "N", description = "hashed feature bits (overrides the shipped"
                + " setting)")
        private Integer bits;

        @Option(names = "--grams", paramLabel = "MIN..MAX", description = "character n-gram lengths (overrides the"
                + " shipped 3..5)")
        private String grams;

        @Option(names = "--sentence-starts", paramLabel = "LEVEL", description = "sentence-start features in the"
                + " words group (GuardFeatures, 'Sentence starts'): 1 each sentence's first word, 2 also its first two"
                + " words, 3 also the previous sentence's first word with this one's (default 0: none)")
        private Integer sentenceStarts;

        @Option(names = "--sentence-weight", paramLabel = "W", description = "times each sentence-start occurrence"
                + " is counted (1..8, default 1; with --sentence-starts)")
        private Integer sentenceWeight;

        @Option(names = "--real-weight", paramLabel = "W", description = "weight of the real prompts")
        private Float realWeight;

        @Option(names = "--warden-prompts", paramLabel = "N", description = "template-corpus prompts trained on")
        private Integer wardenPrompts;

        @Option(names = "--warden-weight", paramLabel = "W", description = "weight of the template-corpus prompts")
        private Float wardenWeight;

        @Option(names = "--lookalike-weight", paramLabel = "W", description = "weight of the benign look-alikes")
        private Float lookalikeWeight;

        @Option(names = "--project-weight", paramLabel = "W", description = "multiplier of the project-written rows")
        private Float projectWeight;

        @Option(names = "--clean-weight", paramLabel = "W", description = "multiplier of the benign twins of the"
                + " constructed injections (CleanContexts; 0: none)")
        private Float cleanWeight;

        @Option(names = "--injection-negative-weight", paramLabel = "W", description = "multiplier of the benign"
                + " rows on the injection head")
        private Float injectionNegativeWeight;

        @Option(names = "--harm-positive-weight", paramLabel = "W", description = "multiplier of the harmful and"
                + " jailbreak rows on the any-harm head")
        private Float harmPositiveWeight;

        @Option(names = "--drop-crossing-emails", paramLabel = "true|false", arity = "1", description = "leave out"
                + " train rows holding a BIPIA email whose clean form is evaluated")
        private Boolean dropCrossingEmails;

        @Option(names = "--clean-email-weight", paramLabel = "W", description = "multiplier of the BIPIA clean emails")
        private Float cleanEmailWeight;

        @Option(names = "--injection-window", paramLabel = "CHARS", description = "chars of the windows the injection"
                + " head also reads (0: whole text only)")
        private Integer injectionWindow;

        @Option(names = "--window-weight", paramLabel = "W", description = "share of a benign row's weight its windows"
                + " get as benign examples")
        private Float windowWeight;

        @Option(names = "--hidden", paramLabel = "H", description = "train a hidden-layer model of H units (a multiple"
                + " of 8: H-wide int8 embedding rows, ReLU, then the heads) instead of the linear one (default: none)")
        private Integer hidden;

        @Option(names = "--members", paramLabel = "M", description = "with --hidden H: M models of H/M units from"
                + " different inits (seeds seed, seed+1000, ...), their logits averaged in one H-unit model (default: 1)")
        private Integer members;

        @Option(names = "--init-scale", paramLabel = "S", description = "with --hidden: the embedding rows' init"
                + " half-width is S/H (default: 1, fastText's)")
        private Float initScale;

        @Option(names = "--hold-out", paramLabel = "SRC[,SRC...]", split = ",", description = "leave these sources"
                + " out of training and calibration (every row, all parts) and report on all their rows apart"
                + " (HeldOutSources; bipia_indirect_constructed and bipia_clean_contexts go together); needs --out")
        private List<String> holdOut;

        @Option(names = "--seed", paramLabel = "N", description = "seed of the example order")
        private Long seed;

        @Option(names = "--epochs", paramLabel = "N", description = "training epochs")
        private Integer epochs;

        @Option(names = "--lr", paramLabel = "X", description = "AdaGrad learning rate")
        private Float lr;

        @Option(names = "--l2", paramLabel = "X", description = "L2 penalty")
        private Float l2;

        @Option(names = "--average", paramLabel = "N", description = "last epochs whose weights are averaged (0: none)")
        private Integer average;

        @Option(names = "--orders", paramLabel = "N", description = "example orders trained (seeds seed..seed+N-1),"
                + " their weights averaged")
        private Integer orders;

        @Option(names = "--fit", paramLabel = "train|train+dev", description = "the parts the model is fit on")
        private String fit;

        @Option(names = "--folds", paramLabel = "N", description = "0: calibrate on dev; N >= 2: on out-of-fold"
                + " scores of N models each fit without one fold")
        private Integer folds;

        @Option(names = "--default-fpr", paramLabel = "X", description = "benign FPR the default point aims at on the"
                + " calibration rows")
        private Double defaultFpr;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            GuardTraining training;
            try {
                training = training();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            if (training.protocol().fitsDev() && evaluation.reportsDev()) {
                throw new ParameterException(spec.commandLine(), "--report dev needs a model not fit on dev"
                        + " (--fit train)");
            }
            boolean shippedOut = out.toAbsolutePath().normalize().equals(Path.of(SHIPPED_OUT).toAbsolutePath().normalize());
            if (evaluation.reportsDev() && shippedOut) {
                throw new ParameterException(spec.commandLine(), "--report dev trains on the template dev fold's train"
                        + " part, not the shipped corpus: give --out DIR, so that the shipped weights stay");
            }
            if (holdOut != null && shippedOut) {
                throw new ParameterException(spec.commandLine(), "--hold-out trains a model that has not seen some"
                        + " sources: give --out DIR, so that the shipped weights stay");
            }
            DataSplit split = evaluation.split();
            List<SafetyRow> heldOut = List.of();
            if (holdOut != null) {
                java.util.Set<String> sources;
                try {
                    sources = HeldOutSources.resolve(holdOut, split.rows());
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage(), e);
                }
                heldOut = HeldOutSources.rows(split, sources);
                split = split.without(sources);
                System.out.println("held out (never trained or calibrated on): " + heldOut.size() + " rows of "
                        + String.join(", ", sources) + "; left " + split.counts());
            }
            Path corpus = evaluation.corpus();
            int wardenPrompts = training.mix().wardenPrompts();
            List<WardenCorpus.Prompt> warden = List.of();
            List<WardenCorpus.Prompt> templateDev = List.of();
            String source = null;
            if (corpus != null && evaluation.reportsDev()) {
                TemplateDevFold fold = TemplateDevFold.of(corpus);
                System.out.printf("template dev fold (from %s): %d prompts trained on, %d scored; heldout.jsonl.gz"
                        + " not read%n", corpus.resolve("content"), fold.train().size(), fold.dev().size());
                warden = fold.train().subList(0, Math.min(wardenPrompts, fold.train().size()));
                templateDev = fold.dev();
                source = TemplateDevFold.TRAINED_ON;
            } else if (corpus != null) {
                warden = WardenCorpus.prompts(corpus.resolve("train.jsonl.gz"), wardenPrompts);
                source = TemplateDevFold.TRAINED_ON_SHIPPED;
            }
            GuardModel fresh = training.train(split, warden, source, System.out::println);
            fresh.write(out);
            System.out.println("wrote " + out);
            GuardModel written = GuardModel.load(out);
            evaluation.report(written, split, evaluation.reportsDev() ? templateDev : evaluation.heldout());
            if (!heldOut.isEmpty()) {
                System.out.println();
                System.out.print(HeldOutSources.table(HeldOutSources.of(written, heldOut, evaluation.point),
                        evaluation.point));
            }
            return 0;
        }

        /** The shipped settings with the options given. */
        private GuardTraining training() {
            GuardTraining t = GuardTraining.defaults();
            GuardFeatures f = t.features();
            if (bits != null || grams != null) {
                int min = f.minGram();
                int max = f.maxGram();
                if (grams != null) {
                    String[] range = grams.split("\\.\\.");
                    try {
                        min = Integer.parseInt(range[0].trim());
                        max = Integer.parseInt(range[range.length - 1].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--grams must be MIN..MAX, e.g. 3..5, got " + grams);
                    }
                }
                t = t.withFeatures(new GuardFeatures(bits != null ? bits : f.bits(), min, max, f.sentenceStarts(),
                        f.sentenceWeight()));
            }
            if (sentenceStarts != null || sentenceWeight != null) {
                GuardFeatures g = t.features();
                t = t.withFeatures(g.withSentenceStarts(sentenceStarts != null ? sentenceStarts : g.sentenceStarts(),
                        sentenceWeight != null ? sentenceWeight : g.sentenceWeight()));
            }
            GuardTraining.Mix m = t.mix();
            t = t.withMix(new GuardTraining.Mix(or(realWeight, m.realWeight()),
                    wardenPrompts != null ? wardenPrompts : m.wardenPrompts(), or(wardenWeight, m.wardenWeight()),
                    or(lookalikeWeight, m.lookalikeWeight()), or(cleanWeight, m.cleanContextWeight()),
                    or(projectWeight, m.projectWeight()), or(injectionNegativeWeight, m.injectionNegativeWeight()),
                    or(harmPositiveWeight, m.harmPositiveWeight()),
                    dropCrossingEmails != null ? dropCrossingEmails : m.dropCrossingEmails(),
                    or(cleanEmailWeight, m.cleanEmailWeight()),
                    injectionWindow != null ? injectionWindow : m.injectionWindow(), or(windowWeight, m.windowWeight())));
            GuardTraining.Protocol p = t.protocol();
            boolean withDev = fit == null ? p.fitsDev() : switch (fit) {
                case "train" -> false;
                case "train+dev" -> true;
                default -> throw new IllegalArgumentException("--fit must be train or train+dev, got " + fit);
            };
            int k = folds != null ? folds : p.folds();
            double fpr = defaultFpr != null ? defaultFpr : p.defaultFpr();
            t = t.withProtocol(k == 0 ? new GuardTraining.Protocol(withDev ? java.util.Set.of(DataSplit.Part.TRAIN,
                    DataSplit.Part.DEV) : java.util.Set.of(DataSplit.Part.TRAIN), 0, fpr)
                    : GuardTraining.Protocol.crossFit(withDev, k, fpr));
            SparseTrainer.Options o = t.trainer();
            t = t.withTrainer(new SparseTrainer.Options(seed != null ? seed : o.seed(),
                    epochs != null ? epochs : o.epochs(),
                    or(lr, o.learningRate()), or(l2, o.l2()), average != null ? average : o.average(),
                    orders != null ? orders : o.orders()));
            if (hidden == null) {
                if (members != null || initScale != null) {
                    throw new IllegalArgumentException("--members and --init-scale need --hidden");
                }
                return t;
            }
            return t.withHidden(new HiddenTrainer.Layout(hidden, members != null ? members : 1,
                    initScale != null ? initScale : 1f));
        }

        private static float or(Float given, float shipped) {
            return given != null ? given : shipped;
        }
    }

    /** {@code eval-guard}: the test-split report of the shipped (or given) model. */
    @Command(name = "eval-guard", aliases = "eval", mixinStandardHelpOptions = true, sortOptions = false,
            description = "The test-split report of the shipped (or given) guard model.")
    static final class Eval implements Callable<Integer> {
        @Mixin
        private Evaluation evaluation;

        @Option(names = "--model", paramLabel = "DIR", description = "a model directory (default: the shipped one)")
        private Path model;

        @Option(names = "--against", paramLabel = "DIR", description = "instead of the report: compare --model (A)"
                + " with this model (B) on the same rows, pairwise: per label recall and per head benign FPR, A - B"
                + " with a paired bootstrap 95% interval, discordant rows and McNemar's exact p")
        private Path against;

        @Option(names = "--rows", paramLabel = "FILE|DIR", description = "instead of the report: every row of a JSONL"
                + " file (or of a directory's JSONL files) in the safety-train format, per source: own-head recall and"
                + " any-head flag rate (attack rows), FPR per decision head (benign rows), with 95% intervals; e.g."
                + " tools/data/guard-eval/wild-style-prompts.jsonl")
        private Path rows;

        @Override
        public Integer call() {
            GuardModel loaded = model == null ? GuardModel.load() : GuardModel.load(model);
            if (rows != null) {
                List<SafetyRow> all = SafetyData.load(rows);
                System.out.print(HeldOutSources.table("every row of " + rows + " (" + all.size() + " rows) read by "
                        + (model == null ? "the shipped model" : model.toString()),
                        HeldOutSources.of(loaded, all, evaluation.point), evaluation.point));
                return 0;
            }
            DataSplit split = evaluation.split();
            if (against != null) {
                evaluation.compare(loaded, model == null ? "the shipped model" : model.toString(),
                        GuardModel.load(against), against.toString(), split);
                return 0;
            }
            evaluation.report(loaded, split, evaluation.reportsDev() ? templateDev(loaded) : evaluation.heldout());
            return 0;
        }

        /**
         * The template dev fold's prompts when {@code loaded} was trained on the fold's train part; else none (a model
         * trained on the whole {@code train.jsonl.gz} has seen the fold's content), with a line saying so.
         */
        private List<WardenCorpus.Prompt> templateDev(GuardModel loaded) {
            Path corpus = evaluation.corpus();
            if (corpus == null) {
                return List.of();
            }
            String trainedOn = loaded.metadata().records().path("data").path("warden_corpus").asText("");
            if (!TemplateDevFold.TRAINED_ON.equals(trainedOn)) {
                System.out.println("no template figure on dev: this model was not trained on the template dev fold's"
                        + " train part (train-guard --report dev), so the fold's content may be in its training");
                return List.of();
            }
            return TemplateDevFold.of(corpus).dev();
        }
    }
}
