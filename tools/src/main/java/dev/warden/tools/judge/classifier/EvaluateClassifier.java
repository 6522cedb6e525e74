package dev.warden.tools.judge.classifier;

import dev.warden.judge.classifier.ClassifierMetadata;
import dev.warden.judge.classifier.HarmClassifier;
import dev.warden.tools.judge.corpus.CorpusFiles;
import dev.warden.tools.judge.corpus.LabelledExample;
import dev.warden.tools.judge.corpus.Split;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./warden eval-classifier}: the judge classifier's figures on the held-out split as Markdown tables,
 * ready for BENCHMARKS.md:
 * <pre>
 *   ./warden eval-classifier [--model DIR] [--corpus FILE.jsonl.gz]
 * </pre>
 * Defaults: the shipped classifier and the shipped held-out split, both from the classpath.
 */
@Command(name = "eval-classifier", mixinStandardHelpOptions = true,
        description = "The judge classifier's precision, recall, F1 and AUPRC on the held-out split, as Markdown.")
public final class EvaluateClassifier implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR", description = "a classifier folder (weights.safetensors, "
            + "classifier.json); default: the shipped one")
    private Path model;

    @Option(names = "--corpus", paramLabel = "FILE", description = "a .jsonl.gz split; default: the shipped held-out "
            + "split")
    private Path corpus;

    private EvaluateClassifier() {
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EvaluateClassifier()).execute(args));
    }

    @Override
    public Integer call() {
        HarmClassifier classifier = model == null ? HarmClassifier.load() : HarmClassifier.load(model);
        List<LabelledExample> examples = corpus == null ? CorpusFiles.load(Split.HELDOUT) : CorpusFiles.read(corpus);
        long start = System.nanoTime();
        ClassifierEvaluation.Report report = ClassifierEvaluation.evaluate(classifier, examples);
        double seconds = (System.nanoTime() - start) / 1e9;
        ClassifierMetadata m = classifier.metadata();
        System.out.printf("Classifier: %d-bucket hashed n-grams, trained in %.1f s on %d examples; evaluated on %d "
                        + "held-out examples in %.1f s.%nThresholds: %s%n%n", m.features().buckets(),
                m.training().seconds(), m.corpus().trainExamples(), examples.size(), seconds,
                ThresholdCalibration.describe(m.thresholds()));
        System.out.print(report.toMarkdown());
        return 0;
    }
}
