package dev.warden.tools.judge.classifier;

import dev.warden.judge.classifier.ClassifierFiles;
import dev.warden.judge.classifier.ClassifierMetadata;
import dev.warden.judge.classifier.FeatureSettings;
import dev.warden.judge.classifier.HarmClassifier;
import dev.warden.judge.classifier.Thresholds;
import dev.warden.judge.classifier.TrainingOptions;
import dev.warden.tools.judge.corpus.CorpusContent;
import dev.warden.tools.judge.corpus.CorpusFiles;
import dev.warden.tools.judge.corpus.CorpusGenerator;
import dev.warden.tools.judge.corpus.GeneratorSettings;
import dev.warden.tools.judge.corpus.LabelledExample;
import dev.warden.tools.judge.corpus.Split;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./warden train-classifier}: regenerates the judge's labelled corpus and retrains its classifier,
 * deterministically:
 * <pre>
 *   ./warden train-classifier [--corpus DIR] [--out DIR] [--epochs N] [--corpus-only]
 * </pre>
 * {@code --corpus} defaults to {@link CorpusFiles#DEFAULT_FOLDER} (tools' resources), {@code --out} to
 * {@link #DEFAULT_OUT} (judge-service's resources, where the service loads the weights from), both relative to
 * the repository root. Steps: read the content files from {@code CORPUS/content}; generate the train and
 * held-out splits ({@link GeneratorSettings#defaults()}) into {@code CORPUS}; train a dev model on the dev fold
 * of the training content ({@link CorpusContent#devFold()}) and choose the thresholds on its dev split
 * ({@link ThresholdCalibration}); train the shipped model ({@link TrainingOptions#defaults()}) on the whole
 * train split; write {@code OUT/weights.safetensors} and {@code OUT/classifier.json}; print the held-out
 * evaluation. The held-out split is used for nothing but that evaluation.
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = "Regenerate the judge's template corpus and retrain its classifier (deterministic).")
public final class TrainClassifier implements Callable<Integer> {

    /** Where the shipped weights live, relative to the repository root. */
    public static final Path DEFAULT_OUT = Path.of("judge-service/src/main/resources/classifier");

    @Option(names = "--corpus", paramLabel = "DIR", description = "the corpus folder: content/*.txt in, the "
            + "generated splits out (default: ${DEFAULT-VALUE})")
    private Path corpus = CorpusFiles.DEFAULT_FOLDER;

    @Option(names = "--out", paramLabel = "DIR", description = "where the weights and classifier.json are written "
            + "(default: ${DEFAULT-VALUE})")
    private Path out = DEFAULT_OUT;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the train split (default: the shipped model's)")
    private Integer epochs;

    @Option(names = "--corpus-only", description = "regenerate the corpus files and stop")
    private boolean corpusOnly;

    private TrainClassifier() {
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainClassifier()).execute(args));
    }

    @Override
    public Integer call() {
        TrainingOptions options = TrainingOptions.defaults();
        run(corpus, out, epochs == null ? options : options.withEpochs(epochs), corpusOnly);
        return 0;
    }

    private static void run(Path corpus, Path folder, TrainingOptions options, boolean corpusOnly) {
        long start = System.nanoTime();
        CorpusContent content = CorpusContent.load(corpus.resolve("content"));
        GeneratorSettings settings = GeneratorSettings.defaults();
        CorpusGenerator generator = new CorpusGenerator(content, settings);
        List<LabelledExample> train = generator.generate(Split.TRAIN);
        List<LabelledExample> heldout = generator.generate(Split.HELDOUT);
        Path trainFile = CorpusFiles.write(corpus, Split.TRAIN, train);
        Path heldoutFile = CorpusFiles.write(corpus, Split.HELDOUT, heldout);
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

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
