package dev.warden.judge.classifier;

import dev.warden.judge.corpus.CorpusFiles;
import dev.warden.judge.corpus.LabelledExample;
import dev.warden.judge.corpus.Split;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints the classifier's figures on the held-out split as Markdown tables, ready for BENCHMARKS.md:
 * <pre>
 *   java -cp ... dev.warden.judge.classifier.EvaluateClassifier [--model DIR] [--corpus FILE.jsonl.gz]
 * </pre>
 * Defaults: the shipped classifier and the shipped held-out split, both from the classpath.
 */
public final class EvaluateClassifier {

    private EvaluateClassifier() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) {
        Path model = null;
        Path corpus = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = Path.of(next(args, ++i));
                case "--corpus" -> corpus = Path.of(next(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: EvaluateClassifier [--model DIR] [--corpus FILE.jsonl.gz]");
            }
        }
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
    }

    private static String next(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
