package dev.warden.tools.guard;

import dev.warden.guard.learned.GuardFeatures;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.OperatingPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./warden train-guard} and {@code ./warden eval-guard}:
 * <pre>
 *   train-guard --data DIR [--out DIR] [--corpus DIR]   split DIR's JSONL, train, calibrate, write the model
 *                                                      (default: guard/src/main/resources/guard/learned), evaluate
 *               [--bits N] [--real-weight W] [--warden-prompts N] [--lookalike-weight W] [--epochs N] [--l2 X]
 *                                                      override the shipped settings
 *   eval-guard  --data DIR [--model DIR] [--corpus DIR] [--point strict|default|lenient]
 *                                                      the test-split report of the shipped (or given) model
 * </pre>
 * {@code --corpus} is the project's template corpus folder (train.jsonl.gz, heldout.jsonl.gz; default
 * judge-service/src/main/resources/corpus); {@code --corpus none} leaves it out.
 */
public final class GuardCommand {

    private GuardCommand() {
    }

    /** Entry point: the first argument is {@code train} or {@code eval}. */
    public static void main(String[] args) {
        if (args.length == 0 || !(args[0].equals("train") || args[0].equals("eval"))) {
            fail("usage: GuardCommand train|eval --data DIR [--out DIR | --model DIR] [--corpus DIR|none] [--point P]");
        }
        Path data = null;
        Path out = Path.of("guard/src/main/resources/guard/learned");
        Path model = null;
        Path corpus = WardenCorpus.DEFAULT;
        OperatingPoint point = OperatingPoint.DEFAULT;
        GuardTraining training = GuardTraining.defaults();
        for (int i = 1; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> data = Path.of(need(v, "--data"));
                case "--out" -> out = Path.of(need(v, "--out"));
                case "--model" -> model = Path.of(need(v, "--model"));
                case "--corpus" -> corpus = "none".equals(v) ? null : Path.of(need(v, "--corpus"));
                case "--point" -> point = OperatingPoint.parse(need(v, "--point"));
                case "--bits" -> training = training.withFeatures(new GuardFeatures(Integer.parseInt(need(v, "--bits")),
                        training.features().minGram(), training.features().maxGram()));
                case "--real-weight" -> training = training.withWeights(Float.parseFloat(need(v, "--real-weight")),
                        training.wardenPrompts(), training.lookalikeWeight());
                case "--warden-prompts" -> training = training.withWeights(training.realWeight(),
                        Integer.parseInt(need(v, "--warden-prompts")), training.lookalikeWeight());
                case "--lookalike-weight" -> training = training.withWeights(training.realWeight(),
                        training.wardenPrompts(), Float.parseFloat(need(v, "--lookalike-weight")));
                case "--epochs" -> training = training.withTrainer(new SparseTrainer.Options(training.trainer().seed(),
                        Integer.parseInt(need(v, "--epochs")), training.trainer().learningRate(), training.trainer().l2()));
                case "--l2" -> training = training.withTrainer(new SparseTrainer.Options(training.trainer().seed(),
                        training.trainer().epochs(), training.trainer().learningRate(), Float.parseFloat(need(v, "--l2"))));
                default -> fail("unknown argument " + args[i]);
            }
            i++;
        }
        if (data == null || !Files.isDirectory(data)) {
            fail("--data DIR is required and must be a directory of JSONL files in the safety-train format");
        }
        List<SafetyRow> rows = SafetyData.load(data);
        DataSplit split = DataSplit.of(rows);
        System.out.println("split by group: " + split.counts() + " of " + rows.size() + " rows from " + data);
        GuardModel trained;
        if (args[0].equals("train")) {
            List<WardenCorpus.Prompt> warden = corpus == null ? List.of()
                    : WardenCorpus.prompts(corpus.resolve("train.jsonl.gz"), training.wardenPrompts());
            GuardModel fresh = training.train(split, warden, System.out::println);
            fresh.write(out);
            trained = GuardModel.load(out);
            System.out.println("wrote " + out);
        } else {
            trained = model == null ? GuardModel.load() : GuardModel.load(model);
        }
        List<WardenCorpus.Prompt> heldout = corpus == null ? List.of()
                : WardenCorpus.prompts(corpus.resolve("heldout.jsonl.gz"), Integer.MAX_VALUE);
        System.out.println();
        System.out.print(GuardEvaluation.of(trained, split.part(DataSplit.Part.TEST), heldout, point).report());
    }

    private static String need(String value, String flag) {
        if (value == null) {
            fail(flag + " needs a value");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
