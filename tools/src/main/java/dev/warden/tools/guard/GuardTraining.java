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
import java.util.function.Consumer;

/**
 * Trains the learned guard model, deterministically:
 * <ol>
 *   <li>the safety-train rows are split ({@link DataSplit}); the train part becomes examples
 *       ({@link GuardLabels}), each weighted {@code realWeight * min(4, sqrt(500 / rows of its source in
 *       train))} so that small sources (the hard negatives among them) are not drowned by large ones;</li>
 *   <li>the first {@code wardenPrompts} prompts of the project's template corpus are added at weight 1, its
 *       alarming-looking benign lookalikes (safety questions, "kill a process") at {@code lookalikeWeight}:
 *       they are the hard negatives the public collections lack;</li>
 *   <li>{@link SparseTrainer} fits the 17 logistic heads; the weights are quantized to int8;</li>
 *   <li>the operating points are calibrated on the dev part with the quantized model: per decision head,
 *       the threshold that flags at most {@link #POINT_FPR} of the benign dev rows.</li>
 * </ol>
 * The test part is used for nothing here ({@link GuardEvaluation} reads it).
 *
 * @param features      feature settings
 * @param trainer       optimiser settings
 * @param realWeight    base weight of a safety-train row
 * @param wardenPrompts how many project-corpus prompts to add
 * @param lookalikeWeight weight of a project-corpus lookalike prompt
 */
public record GuardTraining(GuardFeatures features, SparseTrainer.Options trainer, float realWeight, int wardenPrompts,
                            float lookalikeWeight) {

    /** The benign false-positive target of each operating point on dev. */
    public static final Map<OperatingPoint, Double> POINT_FPR = Map.of(
            OperatingPoint.STRICT, 0.05, OperatingPoint.DEFAULT, 0.015, OperatingPoint.LENIENT, 0.005);
    /** Probability at which a category head names its category. */
    public static final float CATEGORY_THRESHOLD = 0.5f;

    /** The settings of the shipped model. */
    public static GuardTraining defaults() {
        return new GuardTraining(new GuardFeatures(18, 3, 5), new SparseTrainer.Options(7L, 5, 0.1f, 1e-6f), 6f, 110_000, 1f);
    }

    /** These settings with other features. */
    public GuardTraining withFeatures(GuardFeatures f) {
        return new GuardTraining(f, trainer, realWeight, wardenPrompts, lookalikeWeight);
    }

    /** These settings with other optimiser settings. */
    public GuardTraining withTrainer(SparseTrainer.Options t) {
        return new GuardTraining(features, t, realWeight, wardenPrompts, lookalikeWeight);
    }

    /** These settings with other example weights and project-corpus prompt count. */
    public GuardTraining withWeights(float real, int prompts, float lookalike) {
        return new GuardTraining(features, trainer, real, prompts, lookalike);
    }

    /**
     * Trains on {@code split}'s train part plus {@code warden} (may be empty) and calibrates on its dev part.
     */
    public GuardModel train(DataSplit split, List<WardenCorpus.Prompt> warden, Consumer<String> log) {
        long start = System.nanoTime();
        List<SafetyRow> trainRows = split.part(DataSplit.Part.TRAIN);
        Map<String, Integer> perSource = new HashMap<>();
        trainRows.forEach(r -> perSource.merge(r.source(), 1, Integer::sum));
        List<GuardExample> examples = new ArrayList<>();
        for (SafetyRow r : trainRows) {
            float w = (float) (realWeight * Math.min(4.0, Math.sqrt(500.0 / perSource.get(r.source()))));
            examples.add(GuardLabels.of(r, w));
        }
        int added = Math.min(wardenPrompts, warden.size());
        for (int i = 0; i < added; i++) {
            WardenCorpus.Prompt p = warden.get(i);
            examples.add(GuardLabels.of(p, p.lookalike() ? lookalikeWeight : 1f));
        }
        log.accept(String.format("training on %d safety-train rows and %d project-corpus prompts", trainRows.size(), added));
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
        data.put("warden_corpus_prompts", added);
        ObjectNode t = records.putObject("training");
        t.put("seed", trainer.seed());
        t.put("epochs", trainer.epochs());
        t.put("learning_rate", trainer.learningRate());
        t.put("l2", trainer.l2());
        t.put("real_weight", realWeight);
        t.put("lookalike_weight", lookalikeWeight);
        t.put("last_epoch_loss", Math.round(result.loss() * 1e5) / 1e5);
        t.put("seconds", Math.round(seconds * 10) / 10.0);
        return GuardModel.quantize(result.weights(), result.biases(), metadata(points, records));
    }

    /** Per operating point, the per-head thresholds that flag at most its target share of benign dev rows. */
    static Map<OperatingPoint, GuardMetadata.Point> calibrate(GuardModel model, List<SafetyRow> dev) {
        List<float[]> benign = new ArrayList<>();
        for (SafetyRow r : dev) {
            if (r.label() == SafetyRow.Label.BENIGN) {
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
