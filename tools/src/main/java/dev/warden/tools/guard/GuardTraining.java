package dev.warden.tools.guard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.guard.learned.GuardFeatures;
import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardMetadata;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.OperatingPoint;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Trains the learned guard model, deterministically:
 * <ol>
 *   <li>the safety-train rows are split ({@link DataSplit}); the train part becomes examples
 *       ({@link GuardLabels}), each weighted {@code realWeight * min(4, sqrt(500 / rows of its source in
 *       train))} so that small sources (the hard negatives among them) are not drowned by large ones; the
 *       project-written rows ({@link SafetyRow#projectWritten()}, e.g. the benign safety questions of
 *       {@code tools/data/guard-extra}) are split and weighted the same way, times {@code projectWeight}; with
 *       {@code dropCrossingEmails} (shipped) the train injections that hold an evaluated BIPIA clean email are
 *       left out ({@link CleanContexts#crossingEmails});</li>
 *   <li>the benign twins of the train part's constructed indirect injections ({@link CleanContexts}) are
 *       added, weighted like a source of their own times {@code cleanContextWeight} (0, the shipped setting:
 *       none; an experiment that cost injection recall on dev);</li>
 *   <li>the first {@code wardenPrompts} prompts of the project's template corpus are added at weight
 *       {@code wardenWeight}, its alarming-looking benign lookalikes (safety questions, "kill a process") at
 *       {@code lookalikeWeight};</li>
 *   <li>{@link SparseTrainer} fits the 17 logistic heads (shipped: two seeded example orders, their weights
 *       averaged); the weights are quantized to int8; or, with {@code hidden} H > 0 (an experiment), {@link
 *       HiddenTrainer} fits a hidden-layer model on the same examples, its embedding rows quantized to int8 per
 *       column;</li>
 *   <li>the operating points are calibrated with the quantized model: per decision head, the threshold that
 *       flags at most {@link #POINT_FPR} of the benign rows of the public sources (project-written rows are not
 *       part of that budget) of the dev part (shipped), or, under a cross-fitting {@link Protocol}, of the
 *       out-of-fold scores of models each fit without one fold; on the same rows, the escalation band's lower
 *       edge ({@link GuardMetadata#escalation()}) at {@link #ESCALATION_FPR}.</li>
 * </ol>
 * The train part (shipped) or train and dev ({@link Protocol}) are fit on; the test part is used for nothing here
 * ({@link GuardEvaluation} reads it).
 *
 * @param features feature settings
 * @param trainer  optimiser settings
 * @param mix      what is trained on, and how much each part counts
 * @param protocol what is fit on and how the operating points are found
 * @param hidden   the hidden layer's shape ({@link HiddenTrainer.Layout}: H units in M members, init scale);
 *                 {@link HiddenTrainer.Layout#NONE} (shipped): the linear model
 */
public record GuardTraining(GuardFeatures features, SparseTrainer.Options trainer, Mix mix, Protocol protocol,
                            HiddenTrainer.Layout hidden) {

    /** Settings of a linear model. */
    public GuardTraining(GuardFeatures features, SparseTrainer.Options trainer, Mix mix, Protocol protocol) {
        this(features, trainer, mix, protocol, HiddenTrainer.Layout.NONE);
    }

    /** Validates: a hidden layer as the written metadata will check it (H, no injection window), no epoch averaging. */
    public GuardTraining {
        if (hidden.units() != 0) {
            new GuardMetadata(features, mix.injectionWindow(), hidden.units(), CATEGORY_THRESHOLD, defaultPoints(), null, "");
            if (trainer.average() != 0) {
                throw new IllegalArgumentException("a hidden-layer model averages no epochs (--average is for the"
                        + " linear model)");
            }
        }
    }

    /**
     * What the model is fit on and how its operating points are found.
     *
     * @param fit        the parts of the split the model is fit on
     * @param folds      0: calibrate on the dev part (then {@code fit} must be the train part alone); k >= 2: fit k
     *                   models, each without one fold of the {@code fit} parts ({@link DataSplit#folds}), and
     *                   calibrate on their pooled scores of the rows each did not see (out-of-fold scores)
     * @param defaultFpr the benign false-positive share the default operating point aims at on the calibration rows
     */
    public record Protocol(Set<DataSplit.Part> fit, int folds, double defaultFpr) {
        /** Validates. */
        public Protocol {
            fit = Set.copyOf(fit);
            if (fit.isEmpty() || fit.contains(DataSplit.Part.TEST)) {
                throw new IllegalArgumentException("the model is fit on train or train+dev, never on test");
            }
            if (folds == 1 || folds < 0 || folds > 20) {
                throw new IllegalArgumentException("folds is 0 (calibrate on dev) or 2..20, got " + folds);
            }
            if (folds == 0 && !fit.equals(Set.of(DataSplit.Part.TRAIN))) {
                throw new IllegalArgumentException("calibrating on dev needs a model fit on train alone");
            }
            if (!(defaultFpr > 0.005 && defaultFpr < 0.05)) {
                throw new IllegalArgumentException("the default point's FPR must lie between the lenient 0.5% and"
                        + " the strict 5%, got " + defaultFpr);
            }
        }

        /** Fit on train, calibrated on dev at {@code defaultFpr}. */
        public static Protocol dev(double defaultFpr) {
            return new Protocol(Set.of(DataSplit.Part.TRAIN), 0, defaultFpr);
        }

        /** Fit on train (and dev when {@code withDev}), calibrated on out-of-fold scores of {@code folds} folds. */
        public static Protocol crossFit(boolean withDev, int folds, double defaultFpr) {
            return new Protocol(withDev ? Set.of(DataSplit.Part.TRAIN, DataSplit.Part.DEV) : Set.of(DataSplit.Part.TRAIN),
                    folds, defaultFpr);
        }

        /** Whether the dev part is trained on (then only the test part can report on the model). */
        public boolean fitsDev() {
            return fit.contains(DataSplit.Part.DEV);
        }

        /** The benign false-positive target of each operating point. */
        public Map<OperatingPoint, Double> pointFpr() {
            return Map.of(OperatingPoint.STRICT, POINT_FPR.get(OperatingPoint.STRICT), OperatingPoint.DEFAULT,
                    defaultFpr, OperatingPoint.LENIENT, POINT_FPR.get(OperatingPoint.LENIENT));
        }

        String describeFit() {
            return fitsDev() ? "train+dev" : "train";
        }

        String describeCalibration() {
            return folds == 0 ? "dev" : folds + "-fold out-of-fold scores over " + describeFit();
        }
    }

    /**
     * The training mix.
     *
     * @param realWeight         base weight of a safety-train row
     * @param wardenPrompts      how many project-corpus prompts to add
     * @param wardenWeight       weight of a project-corpus prompt
     * @param lookalikeWeight    weight of a project-corpus lookalike prompt
     * @param cleanContextWeight multiplier of the benign twins of the constructed injections (0: none)
     * @param projectWeight      multiplier of the project-written rows
     * @param injectionNegativeWeight multiplier of the benign public rows' weight on the injection head
     * @param harmPositiveWeight multiplier of the harmful and jailbreak rows' weight on the any-harm head
     * @param dropCrossingEmails whether train rows holding an evaluated BIPIA clean email are left out
     *                           ({@link CleanContexts#crossingEmails})
     * @param cleanEmailWeight   multiplier of the BIPIA clean emails ({@link GroupKeys#CLEAN_EMAILS}): each email
     *                           occurs in many attacked rows and once clean, so its words lean towards injection
     * @param injectionWindow    chars of the windows the injection head also reads ({@link GuardModel}; 0: none)
     * @param windowWeight       with a window: the windows of each benign public train row longer than two blocks
     *                           are added as benign examples sharing this multiple of the row's weight, so that the
     *                           head learns what windows of ordinary documents look like
     */
    public record Mix(float realWeight, int wardenPrompts, float wardenWeight, float lookalikeWeight,
                      float cleanContextWeight, float projectWeight, float injectionNegativeWeight,
                      float harmPositiveWeight, boolean dropCrossingEmails, float cleanEmailWeight,
                      int injectionWindow, float windowWeight) {
        /** This mix with another injection window and window weight. */
        public Mix withInjectionWindow(int chars, float weight) {
            return new Mix(realWeight, wardenPrompts, wardenWeight, lookalikeWeight, cleanContextWeight, projectWeight,
                    injectionNegativeWeight, harmPositiveWeight, dropCrossingEmails, cleanEmailWeight, chars, weight);
        }
    }

    /** The benign false-positive target of each operating point with dev calibration (the default point's until 2026-12-07). */
    public static final Map<OperatingPoint, Double> POINT_FPR = Map.of(
            OperatingPoint.STRICT, 0.05, OperatingPoint.DEFAULT, 0.015, OperatingPoint.LENIENT, 0.005);
    /**
     * The benign false-positive target of the escalation band's lower edge ({@link GuardMetadata#escalation()}):
     * a judge with a costlier tier behind the model sends it prompts from there up to the lenient point. Not an
     * operating point a tenant blocks at.
     */
    public static final double ESCALATION_FPR = 0.10;
    /** Probability at which a category head names its category. */
    public static final float CATEGORY_THRESHOLD = 0.5f;

    /** The settings of the shipped model. */
    public static GuardTraining defaults() {
        return new GuardTraining(new GuardFeatures(18, 3, 5), new SparseTrainer.Options(7L, 5, 0.1f, 1e-6f, 0, 2),
                new Mix(6f, 110_000, 2f, 2f, 0f, 4f, 1f, 1f, true, 1f, 0, 0f), Protocol.dev(0.015));
    }

    /** These settings with other features. */
    public GuardTraining withFeatures(GuardFeatures f) {
        return new GuardTraining(f, trainer, mix, protocol, hidden);
    }

    /** These settings with other optimiser settings. */
    public GuardTraining withTrainer(SparseTrainer.Options t) {
        return new GuardTraining(features, t, mix, protocol, hidden);
    }

    /** These settings with another mix. */
    public GuardTraining withMix(Mix m) {
        return new GuardTraining(features, trainer, m, protocol, hidden);
    }

    /** These settings with another protocol. */
    public GuardTraining withProtocol(Protocol p) {
        return new GuardTraining(features, trainer, mix, p, hidden);
    }

    /** These settings with a hidden layer of {@code units} in one member (0: the linear model). */
    public GuardTraining withHidden(int units) {
        return withHidden(HiddenTrainer.Layout.of(units));
    }

    /** These settings with a hidden layer of this shape ({@link HiddenTrainer.Layout#NONE}: the linear model). */
    public GuardTraining withHidden(HiddenTrainer.Layout layout) {
        return new GuardTraining(features, trainer, mix, protocol, layout);
    }

    /**
     * Trains on {@code split} plus {@code warden} (may be empty) as {@link #protocol} says: with {@link Protocol#dev()}
     * on the train part, calibrated on the dev part; with {@link Protocol#crossFit} on the parts it names, calibrated
     * on the out-of-fold scores of {@code folds} models each fit without one fold.
     */
    public GuardModel train(DataSplit split, List<WardenCorpus.Prompt> warden, Consumer<String> log) {
        return train(split, warden, null, log);
    }

    /**
     * {@link #train(DataSplit, List, Consumer)}, recording where {@code warden}'s prompts come from in the model's
     * metadata ({@code data.warden_corpus}, e.g. {@link TemplateDevFold#TRAINED_ON}; null: not recorded).
     */
    public GuardModel train(DataSplit split, List<WardenCorpus.Prompt> warden, String wardenSource,
                            Consumer<String> log) {
        long start = System.nanoTime();
        return train(split, warden, wardenSource, features(split.rows(), warden), start, log);
    }

    /**
     * The hashed features training reads: those of {@code rows}, then of the first {@link Mix#wardenPrompts} prompts
     * of {@code warden}, in that order.
     */
    SparseRows features(List<SafetyRow> rows, List<WardenCorpus.Prompt> warden) {
        int added = Math.min(mix.wardenPrompts(), warden.size());
        List<String> texts = new ArrayList<>(rows.stream().map(SafetyRow::text).toList());
        warden.subList(0, added).forEach(p -> texts.add(p.text()));
        return SparseRows.of(features, texts);
    }

    /**
     * {@link #train(DataSplit, List, String, Consumer)} with the features already hashed: {@code cached} is
     * {@link #features}{@code (split.rows(), warden)} (or the same rows picked from a larger such set: leave-source-out
     * folds hash once).
     */
    GuardModel train(DataSplit split, List<WardenCorpus.Prompt> warden, String wardenSource, SparseRows cached,
                     Consumer<String> log) {
        return train(split, warden, wardenSource, cached, System.nanoTime(), log);
    }

    private GuardModel train(DataSplit split, List<WardenCorpus.Prompt> warden, String wardenSource, SparseRows cached,
                             long start, Consumer<String> log) {
        int added = Math.min(mix.wardenPrompts(), warden.size());
        if (cached.indices().length != split.rows().size() + added) {
            throw new IllegalArgumentException("cached features cover " + cached.indices().length + " texts, not "
                    + (split.rows().size() + added));
        }
        boolean[] inFit = new boolean[split.rows().size()];
        for (int i = 0; i < inFit.length; i++) {
            inFit[i] = protocol.fit().contains(split.splits().get(i));
        }
        Fitted fitted;
        Map<OperatingPoint, GuardMetadata.Point> points;
        GuardMetadata.Point escalation;
        int calibrationRows;
        if (protocol.folds() == 0) {
            fitted = fit(split, inFit, warden.subList(0, added), cached, log);
            List<float[]> benign = benignScores(fitted.model(), split.part(DataSplit.Part.DEV));
            points = thresholds(benign, protocol.pointFpr());
            escalation = pointAt(benign, ESCALATION_FPR);
            calibrationRows = benign.size();
        } else {
            int[] fold = split.folds(protocol.fit(), protocol.folds());
            List<float[]> benign = new ArrayList<>();
            for (int f = 0; f < protocol.folds(); f++) {
                boolean[] mask = new boolean[inFit.length];
                List<SafetyRow> held = new ArrayList<>();
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = inFit[i] && fold[i] != f;
                    if (fold[i] == f) {
                        held.add(split.rows().get(i));
                    }
                }
                log.accept(String.format("fold %d/%d: %d rows held out", f + 1, protocol.folds(), held.size()));
                benign.addAll(benignScores(fit(split, mask, warden.subList(0, added), cached, log).model(), held));
            }
            points = thresholds(benign, protocol.pointFpr());
            escalation = pointAt(benign, ESCALATION_FPR);
            calibrationRows = benign.size();
            log.accept(String.format("calibrated on %d out-of-fold benign rows; the model on every fold", benign.size()));
            fitted = fit(split, inFit, warden.subList(0, added), cached, log);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        ObjectNode records = GuardMetadata.newRecords();
        ObjectNode data = records.putObject("data");
        Map<DataSplit.Part, Integer> counts = split.counts();
        data.put("split_seed", DataSplit.SEED);
        data.put("train_rows", counts.getOrDefault(DataSplit.Part.TRAIN, 0));
        data.put("dev_rows", counts.getOrDefault(DataSplit.Part.DEV, 0));
        data.put("test_rows", counts.getOrDefault(DataSplit.Part.TEST, 0));
        data.put("fit_parts", protocol.describeFit());
        data.put("calibration", protocol.describeCalibration());
        data.put("calibration_benign_rows", calibrationRows);
        data.put("clean_context_twins", fitted.twins());
        data.put("train_rows_holding_evaluated_emails_left_out", fitted.crossing());
        data.put("project_written_train_rows", fitted.projectRows());
        data.put("warden_corpus_prompts", added);
        if (wardenSource != null) {
            data.put("warden_corpus", wardenSource);
        }
        ObjectNode t = records.putObject("training");
        t.put("seed", trainer.seed());
        t.put("epochs", trainer.epochs());
        t.put("averaged_epochs", trainer.average());
        t.put("orders", trainer.orders());
        t.put("learning_rate", trainer.learningRate());
        t.put("l2", trainer.l2());
        t.put("real_weight", mix.realWeight());
        t.put("warden_weight", mix.wardenWeight());
        t.put("lookalike_weight", mix.lookalikeWeight());
        t.put("clean_context_weight", mix.cleanContextWeight());
        t.put("project_weight", mix.projectWeight());
        t.put("injection_negative_weight", mix.injectionNegativeWeight());
        t.put("harm_positive_weight", mix.harmPositiveWeight());
        t.put("clean_email_weight", mix.cleanEmailWeight());
        t.put("injection_window", mix.injectionWindow());
        t.put("window_weight", mix.windowWeight());
        if (hidden.units() > 0) {
            t.put("hidden_units", hidden.units());
            t.put("hidden_members", hidden.members());
            t.put("hidden_init_scale", hidden.initScale());
        }
        t.put("last_epoch_loss", Math.round(fitted.loss() * 1e5) / 1e5);
        t.put("seconds", Math.round(seconds * 10) / 10.0);
        return fitted.quantized().apply(metadata(points, records).withEscalation(Optional.of(escalation)));
    }

    /** A model fit on some rows (provisional operating points), with what went into it. */
    private record Fitted(GuardModel model, Function<GuardMetadata, GuardModel> quantized, double loss, int twins,
                          int crossing, long projectRows) {
    }

    /**
     * Fits the heads on the rows of {@code split} where {@code fit} is set plus {@code warden}, every other row being
     * held out (for the crossing-email rule and the twins); {@code cached} holds the features of the split's rows and
     * then of {@code warden}'s prompts.
     */
    private Fitted fit(DataSplit split, boolean[] fit, List<WardenCorpus.Prompt> warden, SparseRows cached,
                       Consumer<String> log) {
        List<SafetyRow> fitRows = new ArrayList<>();
        List<SafetyRow> heldOut = new ArrayList<>();
        List<Integer> fitIndex = new ArrayList<>();
        for (int i = 0; i < fit.length; i++) {
            (fit[i] ? fitRows : heldOut).add(split.rows().get(i));
            if (fit[i]) {
                fitIndex.add(i);
            }
        }
        Set<SafetyRow> crossing = mix.dropCrossingEmails() ? CleanContexts.crossingEmails(fitRows, heldOut) : Set.of();
        List<SafetyRow> twins = mix.cleanContextWeight() > 0 ? CleanContexts.of(fitRows, heldOut) : List.of();
        SparseRows twinFeatures = SparseRows.of(features, twins.stream().map(SafetyRow::text).toList());
        List<SafetyRow> trained = new ArrayList<>();
        List<int[]> indices = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (int k = 0; k < fitRows.size(); k++) {
            if (!crossing.contains(fitRows.get(k))) {
                trained.add(fitRows.get(k));
                indices.add(cached.indices()[fitIndex.get(k)]);
                values.add(cached.values()[fitIndex.get(k)]);
            }
        }
        for (int k = 0; k < twins.size(); k++) {
            trained.add(twins.get(k));
            indices.add(twinFeatures.indices()[k]);
            values.add(twinFeatures.values()[k]);
        }
        Map<String, Integer> perSource = new HashMap<>();
        trained.forEach(r -> perSource.merge(r.source(), 1, Integer::sum));
        List<GuardExample> examples = new ArrayList<>();
        for (SafetyRow r : trained) {
            float w = (float) (mix.realWeight() * Math.min(4.0, Math.sqrt(500.0 / perSource.get(r.source()))));
            if (r.source().startsWith(CleanContexts.SOURCE + "_")) {
                w *= mix.cleanContextWeight();
            }
            if (r.projectWritten()) {
                w *= mix.projectWeight();
            }
            if (r.source().equals(GroupKeys.CLEAN_EMAILS)) {
                w *= mix.cleanEmailWeight();
            }
            GuardExample e = GuardLabels.of(r, w);
            if (r.label() == SafetyRow.Label.BENIGN && !r.projectWritten()) {
                e.weights()[GuardHead.INJECTION.ordinal()] *= mix.injectionNegativeWeight();
            }
            if (r.label() == SafetyRow.Label.HARMFUL || r.label() == SafetyRow.Label.JAILBREAK) {
                e.weights()[GuardHead.ANY_HARM.ordinal()] *= mix.harmPositiveWeight();
            }
            examples.add(e);
        }
        int windows = mix.injectionWindow() > 0 && mix.windowWeight() > 0
                ? addWindows(trained, examples, perSource, indices, values) : 0;
        int base = split.rows().size();
        for (int i = 0; i < warden.size(); i++) {
            WardenCorpus.Prompt p = warden.get(i);
            examples.add(GuardLabels.of(p, p.lookalike() ? mix.lookalikeWeight() : mix.wardenWeight()));
            indices.add(cached.indices()[base + i]);
            values.add(cached.values()[base + i]);
        }
        log.accept(String.format("training on %d safety-train rows (%d of them benign twins of constructed injections;"
                + " %d rows holding a held-out clean email left out), %d windows of benign rows and %d project-corpus"
                + " prompts", trained.size(), twins.size(), crossing.size(), windows, warden.size()));
        float[][] targets = examples.stream().map(GuardExample::targets).toArray(float[][]::new);
        float[][] weights = examples.stream().map(GuardExample::weights).toArray(float[][]::new);
        int[][] idx = indices.toArray(int[][]::new);
        float[][] val = values.toArray(float[][]::new);
        Function<GuardMetadata, GuardModel> quantized;
        double loss;
        if (hidden.units() > 0) {
            HiddenTrainer.Result result = HiddenTrainer.train(idx, val, targets, weights, features.buckets(),
                    GuardHead.COUNT, hidden, trainer, log);
            quantized = m -> GuardModel.quantize(result.rows(), result.layer(), m);
            loss = result.loss();
        } else {
            SparseTrainer.Result result = SparseTrainer.train(idx, val, targets, weights, features.buckets(),
                    GuardHead.COUNT, trainer, log);
            quantized = m -> GuardModel.quantize(result.weights(), result.biases(), m);
            loss = result.loss();
        }
        return new Fitted(quantized.apply(metadata(Map.of(), null)), quantized, loss, twins.size(), crossing.size(),
                trained.stream().filter(SafetyRow::projectWritten).count());
    }

    /**
     * Adds the windows ({@link GuardFeatures#forEachWindow}) of the benign public rows among {@code trained} as
     * benign examples of the injection head (the only head that reads windows; the others give them no weight): a
     * row's windows share {@code windowWeight} times its weight. Returns how many were added.
     */
    private int addWindows(List<SafetyRow> trained, List<GuardExample> examples, Map<String, Integer> perSource,
                           List<int[]> indices, List<float[]> values) {
        int added = 0;
        int blockChars = mix.injectionWindow() / 2;
        for (SafetyRow r : trained) {
            if (r.label() != SafetyRow.Label.BENIGN || r.projectWritten()) {
                continue;
            }
            SparseRows rows = SparseRows.windows(features, blockChars, r.text());
            int n = rows.indices().length;
            for (int k = 0; k < n; k++) {
                float w = (float) (mix.realWeight() * Math.min(4.0, Math.sqrt(500.0 / perSource.get(r.source()))))
                        * mix.windowWeight() / n;
                GuardExample e = GuardLabels.of(new SafetyRow(r.text(), r.label(), r.category(), r.source(),
                        r.id() + "#window" + k), w);
                for (int h = 0; h < GuardHead.COUNT; h++) {
                    if (h != GuardHead.INJECTION.ordinal()) {
                        e.weights()[h] = 0f; // only the injection head reads windows
                    }
                }
                examples.add(e);
                indices.add(rows.indices()[k]);
                values.add(rows.values()[k]);
            }
            added += n;
        }
        return added;
    }

    /** The decision heads' probabilities on the benign rows of the public sources among {@code rows}. */
    static List<float[]> benignScores(GuardModel model, List<SafetyRow> rows) {
        List<float[]> benign = new ArrayList<>();
        for (SafetyRow r : rows) {
            if (r.label() == SafetyRow.Label.BENIGN && !r.projectWritten()) {
                float[] p = new float[GuardHead.DECISIONS.length];
                var s = model.score(r.text());
                for (int i = 0; i < p.length; i++) {
                    p[i] = s.probability(GuardHead.DECISIONS[i]);
                }
                benign.add(p);
            }
        }
        return benign;
    }

    /**
     * Per operating point, the per-head thresholds that flag at most its target share of the benign rows of the
     * public sources among {@code dev}.
     */
    static Map<OperatingPoint, GuardMetadata.Point> calibrate(GuardModel model, List<SafetyRow> dev) {
        return thresholds(benignScores(model, dev), POINT_FPR);
    }

    /** Per operating point, the per-head thresholds that flag at most its target share of {@code benign}. */
    static Map<OperatingPoint, GuardMetadata.Point> thresholds(List<float[]> benign,
                                                              Map<OperatingPoint, Double> fprs) {
        Map<OperatingPoint, GuardMetadata.Point> out = new EnumMap<>(OperatingPoint.class);
        for (OperatingPoint point : OperatingPoint.values()) {
            out.put(point, pointAt(benign, fprs.get(point)));
        }
        return out;
    }

    /** The per-head thresholds that flag at most {@code fpr} of {@code benign}. */
    static GuardMetadata.Point pointAt(List<float[]> benign, double fpr) {
        float[] thresholds = new float[GuardHead.DECISIONS.length];
        for (int i = 0; i < thresholds.length; i++) {
            float[] column = new float[benign.size()];
            for (int k = 0; k < column.length; k++) {
                column[k] = benign.get(k)[i];
            }
            thresholds[i] = Rates.thresholdAtFpr(column, fpr);
        }
        return new GuardMetadata.Point(fpr, thresholds);
    }

    private GuardMetadata metadata(Map<OperatingPoint, GuardMetadata.Point> points, ObjectNode records) {
        Map<OperatingPoint, GuardMetadata.Point> p = defaultPoints();
        p.putAll(points);
        return new GuardMetadata(features, mix.injectionWindow(), hidden.units(), CATEGORY_THRESHOLD, p, records, "");
    }

    /** Provisional operating points (every threshold 0.5), before calibration. */
    private static Map<OperatingPoint, GuardMetadata.Point> defaultPoints() {
        Map<OperatingPoint, GuardMetadata.Point> p = new EnumMap<>(OperatingPoint.class);
        for (OperatingPoint o : OperatingPoint.values()) {
            p.put(o, new GuardMetadata.Point(0.5, new float[] {0.5f, 0.5f, 0.5f}));
        }
        return p;
    }
}
