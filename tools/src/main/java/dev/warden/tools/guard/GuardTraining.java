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
import java.util.Set;
import java.util.function.Consumer;

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
 *       averaged); the weights are quantized to int8;</li>
 *   <li>the operating points are calibrated on the dev part with the quantized model: per decision head,
 *       the threshold that flags at most {@link #POINT_FPR} of the benign dev rows of the public sources
 *       (project-written rows are not part of that budget).</li>
 * </ol>
 * The test part is used for nothing here ({@link GuardEvaluation} reads it).
 *
 * @param features feature settings
 * @param trainer  optimiser settings
 * @param mix      what is trained on, and how much each part counts
 */
public record GuardTraining(GuardFeatures features, SparseTrainer.Options trainer, Mix mix) {

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
     */
    public record Mix(float realWeight, int wardenPrompts, float wardenWeight, float lookalikeWeight,
                      float cleanContextWeight, float projectWeight, float injectionNegativeWeight,
                      float harmPositiveWeight, boolean dropCrossingEmails) {
    }

    /** The benign false-positive target of each operating point on dev. */
    public static final Map<OperatingPoint, Double> POINT_FPR = Map.of(
            OperatingPoint.STRICT, 0.05, OperatingPoint.DEFAULT, 0.015, OperatingPoint.LENIENT, 0.005);
    /** Probability at which a category head names its category. */
    public static final float CATEGORY_THRESHOLD = 0.5f;

    /** The settings of the shipped model. */
    public static GuardTraining defaults() {
        return new GuardTraining(new GuardFeatures(18, 3, 5), new SparseTrainer.Options(7L, 5, 0.1f, 1e-6f, 0, 2),
                new Mix(6f, 110_000, 2f, 2f, 0f, 4f, 1f, 1f, true));
    }

    /** These settings with other features. */
    public GuardTraining withFeatures(GuardFeatures f) {
        return new GuardTraining(f, trainer, mix);
    }

    /** These settings with other optimiser settings. */
    public GuardTraining withTrainer(SparseTrainer.Options t) {
        return new GuardTraining(features, t, mix);
    }

    /** These settings with another mix. */
    public GuardTraining withMix(Mix m) {
        return new GuardTraining(features, trainer, m);
    }

    /**
     * Trains on {@code split}'s train part plus {@code warden} (may be empty) and calibrates on its dev part.
     */
    public GuardModel train(DataSplit split, List<WardenCorpus.Prompt> warden, Consumer<String> log) {
        long start = System.nanoTime();
        List<SafetyRow> trainRows = new ArrayList<>(split.part(DataSplit.Part.TRAIN));
        Set<SafetyRow> crossing = mix.dropCrossingEmails() ? CleanContexts.crossingEmails(split) : Set.of();
        trainRows.removeAll(crossing);
        List<SafetyRow> twins = mix.cleanContextWeight() > 0 ? CleanContexts.of(split) : List.of();
        trainRows.addAll(twins);
        Map<String, Integer> perSource = new HashMap<>();
        trainRows.forEach(r -> perSource.merge(r.source(), 1, Integer::sum));
        List<GuardExample> examples = new ArrayList<>();
        for (SafetyRow r : trainRows) {
            float w = (float) (mix.realWeight() * Math.min(4.0, Math.sqrt(500.0 / perSource.get(r.source()))));
            if (r.source().startsWith(CleanContexts.SOURCE + "_")) {
                w *= mix.cleanContextWeight();
            }
            if (r.projectWritten()) {
                w *= mix.projectWeight();
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
        int added = Math.min(mix.wardenPrompts(), warden.size());
        for (int i = 0; i < added; i++) {
            WardenCorpus.Prompt p = warden.get(i);
            examples.add(GuardLabels.of(p, p.lookalike() ? mix.lookalikeWeight() : mix.wardenWeight()));
        }
        log.accept(String.format("training on %d safety-train rows (%d of them benign twins of constructed injections;"
                + " %d rows holding an evaluated clean email left out) and %d project-corpus prompts", trainRows.size(),
                twins.size(), crossing.size(), added));
        SparseRows x = SparseRows.of(features, examples.stream().map(GuardExample::text).toList());
        float[][] targets = examples.stream().map(GuardExample::targets).toArray(float[][]::new);
        float[][] weights = examples.stream().map(GuardExample::weights).toArray(float[][]::new);
        SparseTrainer.Result result = SparseTrainer.train(x.indices(), x.values(), targets, weights, features.buckets(),
                GuardHead.COUNT, trainer, log);
        double seconds = (System.nanoTime() - start) / 1e9;

        GuardMetadata provisional = metadata(Map.of(), null);
        GuardModel draft = GuardModel.quantize(result.weights(), result.biases(), provisional);
        Map<OperatingPoint, GuardMetadata.Point> points = calibrate(draft, split.part(DataSplit.Part.DEV));
        ObjectNode records = GuardMetadata.newRecords();
        ObjectNode data = records.putObject("data");
        Map<DataSplit.Part, Integer> counts = split.counts();
        data.put("split_seed", DataSplit.SEED);
        data.put("train_rows", counts.getOrDefault(DataSplit.Part.TRAIN, 0));
        data.put("dev_rows", counts.getOrDefault(DataSplit.Part.DEV, 0));
        data.put("test_rows", counts.getOrDefault(DataSplit.Part.TEST, 0));
        data.put("clean_context_twins", twins.size());
        data.put("train_rows_holding_evaluated_emails_left_out", crossing.size());
        data.put("project_written_train_rows", trainRows.stream().filter(SafetyRow::projectWritten).count());
        data.put("warden_corpus_prompts", added);
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
        t.put("last_epoch_loss", Math.round(result.loss() * 1e5) / 1e5);
        t.put("seconds", Math.round(seconds * 10) / 10.0);
        return GuardModel.quantize(result.weights(), result.biases(), metadata(points, records));
    }

    /**
     * Per operating point, the per-head thresholds that flag at most its target share of the benign dev rows
     * of the public sources.
     */
    static Map<OperatingPoint, GuardMetadata.Point> calibrate(GuardModel model, List<SafetyRow> dev) {
        List<float[]> benign = new ArrayList<>();
        for (SafetyRow r : dev) {
            if (r.label() == SafetyRow.Label.BENIGN && !r.projectWritten()) {
                float[] p = new float[GuardHead.DECISIONS.length];
                var s = model.score(r.text());
                for (int i = 0; i < p.length; i++) {
                    p[i] = s.probability(GuardHead.DECISIONS[i]);
                }
                benign.add(p);
            }
        }
        Map<OperatingPoint, GuardMetadata.Point> out = new EnumMap<>(OperatingPoint.class);
        for (OperatingPoint point : OperatingPoint.values()) {
            float[] thresholds = new float[GuardHead.DECISIONS.length];
            for (int i = 0; i < thresholds.length; i++) {
                float[] column = new float[benign.size()];
                for (int k = 0; k < column.length; k++) {
                    column[k] = benign.get(k)[i];
                }
                thresholds[i] = Rates.thresholdAtFpr(column, POINT_FPR.get(point));
            }
            out.put(point, new GuardMetadata.Point(POINT_FPR.get(point), thresholds));
        }
        return out;
    }

    private GuardMetadata metadata(Map<OperatingPoint, GuardMetadata.Point> points, ObjectNode records) {
        Map<OperatingPoint, GuardMetadata.Point> p = new EnumMap<>(OperatingPoint.class);
        for (OperatingPoint o : OperatingPoint.values()) {
            p.put(o, points.getOrDefault(o, new GuardMetadata.Point(0.5, new float[] {0.5f, 0.5f, 0.5f})));
        }
        return new GuardMetadata(features, CATEGORY_THRESHOLD, p, records, "");
    }
}
