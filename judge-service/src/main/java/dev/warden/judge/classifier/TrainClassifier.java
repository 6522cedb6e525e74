package dev.warden.judge.classifier;

import dev.warden.judge.corpus.CorpusContent;
import dev.warden.judge.corpus.CorpusFiles;
import dev.warden.judge.corpus.CorpusGenerator;
import dev.warden.judge.corpus.GeneratorSettings;
import dev.warden.judge.corpus.LabelledExample;
import dev.warden.judge.corpus.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Regenerates the labelled corpus and retrains the classifier, deterministically, writing both into
 * judge-service's resources:
 * <pre>
 *   java -cp ... dev.warden.judge.classifier.TrainClassifier [--resources DIR] [--epochs N] [--corpus-only]
 * </pre>
 * {@code DIR} defaults to {@code judge-service/src/main/resources} (or {@code src/main/resources} when run
 * from judge-service). Steps: read the content files from {@code DIR/corpus/content}; generate the train
 * and held-out splits ({@link GeneratorSettings#defaults()}) into {@code DIR/corpus/}; train a dev model on
 * the dev fold of the training content ({@link CorpusContent#devFold()}) and choose the thresholds on its
 * dev split ({@link ThresholdCalibration}); train the shipped model ({@link TrainingOptions#defaults()}) on
 * the whole train split; write {@code DIR/classifier/weights.safetensors} and {@code classifier.json}; print
 * the held-out evaluation. The held-out split is used for nothing but that evaluation.
 */
public final class TrainClassifier {

    private TrainClassifier() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) {
        Path resources = null;
        TrainingOptions options = TrainingOptions.defaults();
        boolean corpusOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--resources" -> resources = Path.of(value(args, ++i, "--resources"));
                case "--epochs" -> options = options.withEpochs(Integer.parseInt(value(args, ++i, "--epochs")));
                case "--corpus-only" -> corpusOnly = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: TrainClassifier [--resources DIR] [--epochs N] [--corpus-only]");
            }
        }
        if (resources == null) {
            resources = Files.isDirectory(Path.of("judge-service/src/main/resources"))
                    ? Path.of("judge-service/src/main/resources") : Path.of("src/main/resources");
        }
        run(resources, options, corpusOnly);
    }

    private static void run(Path resources, TrainingOptions options, boolean corpusOnly) {
        long start = System.nanoTime();
        CorpusContent content = CorpusContent.load(resources.resolve(CorpusFiles.FOLDER).resolve("content"));
        GeneratorSettings settings = GeneratorSettings.defaults();
        CorpusGenerator generator = new CorpusGenerator(content, settings);
        List<LabelledExample> train = generator.generate(Split.TRAIN);
        List<LabelledExample> heldout = generator.generate(Split.HELDOUT);
        Path trainFile = CorpusFiles.write(resources, Split.TRAIN, train);
        Path heldoutFile = CorpusFiles.write(resources, Split.HELDOUT, heldout);
        System.out.printf("corpus: %d train, %d held-out examples in %.1f s (%s, %s)%n", train.size(), heldout.size(),
                seconds(start), trainFile, heldoutFile);
        if (corpusOnly) {
            return;
        }
        long trainStart = System.nanoTime();
        FeatureSettings features = FeatureSettings.defaults();
        Thresholds thresholds = calibrate(content, settings, features, options);
        System.out.println("thresholds: " + ThresholdCalibration.describe(thresholds));
        System.out.println("training the shipped model on the train split");
        ClassifierBuilder.Built built = ClassifierBuilder.build(train, features, options, System.out::println);
        double trainSeconds = seconds(trainStart);
        ClassifierMetadata metadata = new ClassifierMetadata(features, thresholds,
                new ClassifierMetadata.CorpusInfo(settings.seed(), content.sha256(), CorpusFiles.sha256(trainFile),
                        CorpusFiles.sha256(heldoutFile), train.size(), heldout.size()),
                new ClassifierMetadata.TrainingInfo(options, built.promptSteps(), built.responseSteps(),
                        built.promptLoss(), built.responseLoss(), trainSeconds),
                "");
        Path folder = resources.resolve("classifier");
        ClassifierMetadata written = ClassifierFiles.write(folder, built.heads(), metadata);
        System.out.printf("trained in %.1f s (%d + %d steps); wrote %s%n", trainSeconds, built.promptSteps(),
                built.responseSteps(), folder);
        HarmClassifier classifier = new HarmClassifier(built.heads(), written);
        System.out.println();
        System.out.println(ClassifierEvaluation.evaluate(classifier, heldout).toMarkdown());
    }

    /** Trains a dev model on the dev fold's train split and calibrates on its dev split. */
    private static Thresholds calibrate(CorpusContent content, GeneratorSettings settings, FeatureSettings features,
                                        TrainingOptions options) {
        CorpusGenerator dev = new CorpusGenerator(content.devFold(), settings);
        List<LabelledExample> devTrain = dev.generate(Split.TRAIN);
        List<LabelledExample> devEval = dev.generate(Split.HELDOUT);
        System.out.printf("calibration: dev model on %d examples, thresholds from %d dev examples%n",
                devTrain.size(), devEval.size());
        ClassifierBuilder.Built built = ClassifierBuilder.build(devTrain, features, options, System.out::println);
        ClassifierMetadata provisional = new ClassifierMetadata(features, Thresholds.uniform(0.5f, 0.2f, 0.8f),
                new ClassifierMetadata.CorpusInfo(settings.seed(), content.sha256() + "/dev", "", "", devTrain.size(),
                        devEval.size()),
                new ClassifierMetadata.TrainingInfo(options, built.promptSteps(), built.responseSteps(),
                        built.promptLoss(), built.responseLoss(), 0), "");
        return ThresholdCalibration.calibrate(new HarmClassifier(built.heads(), provisional), devEval);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
