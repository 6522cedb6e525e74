package dev.warden.tools.judge.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.judge.classifier.ClassifierFiles;
import dev.warden.judge.classifier.ClassifierMetadata;
import dev.warden.judge.classifier.FeatureSettings;
import dev.warden.judge.classifier.HarmClassifier;
import dev.warden.judge.classifier.Head;
import dev.warden.judge.classifier.Thresholds;
import dev.warden.judge.classifier.TrainingOptions;
import dev.warden.judge.score.Stance;
import dev.warden.tools.judge.corpus.CorpusContent;
import dev.warden.tools.judge.corpus.CorpusGenerator;
import dev.warden.tools.judge.corpus.ExampleKind;
import dev.warden.tools.judge.corpus.GeneratorSettings;
import dev.warden.tools.judge.corpus.LabelledExample;
import dev.warden.tools.judge.corpus.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains on a tiny corpus slice with a small hash table (the shipped model is never retrained here). */
class ClassifierTrainingTest {

    private static final FeatureSettings FEATURES = new FeatureSettings(12, 3, 5, true);
    private static final TrainingOptions OPTIONS = new TrainingOptions(3L, 4, 64, 0.05f, 0.01f, 1f);

    private static List<LabelledExample> slice;
    private static ClassifierBuilder.Built built;
    private static final List<String> LOG = new ArrayList<>();

    @BeforeAll
    static void train() {
        GeneratorSettings small = new GeneratorSettings(5L, new GeneratorSettings.Counts(25, 25, 60, 400),
                new GeneratorSettings.Counts(1, 1, 1, 1));
        slice = new CorpusGenerator(CorpusContent.load(), small).generate(Split.TRAIN);
        built = ClassifierBuilder.build(slice, FEATURES, OPTIONS, LOG::add);
    }

    @Test
    void lossFallsOverTheEpochs() {
        List<Float> losses = LOG.stream().filter(l -> l.startsWith("epoch")).map(l ->
                Float.parseFloat(l.replaceAll(".*loss ([0-9.]+).*", "$1"))).toList();
        assertEquals(2 * OPTIONS.epochs(), losses.size(), LOG.toString());
        assertTrue(losses.get(OPTIONS.epochs() - 1) < losses.get(0) / 2, "prompt losses " + losses);
        assertTrue(losses.get(losses.size() - 1) < losses.get(OPTIONS.epochs()) / 2, "response losses " + losses);
    }

    @Test
    void trainedHeadsSeparateTheirTrainingData() {
        HarmClassifier classifier = new HarmClassifier(built.heads(), metadata(Thresholds.uniform(0.5f, 0.2f, 0.8f)));
        int right = 0;
        int prompts = 0;
        int stanceRight = 0;
        int responses = 0;
        for (LabelledExample e : slice) {
            if (e.kind() == ExampleKind.PROMPT) {
                prompts++;
                right += classifier.scorePrompt(e.prompt()).unsafe() == e.harmful() ? 1 : 0;
            } else {
                responses++;
                Stance predicted = classifier.scoreResponse(e.prompt(), e.response()).stance();
                stanceRight += predicted == e.stance() ? 1 : 0;
            }
        }
        assertTrue(right > 0.9 * prompts, right + " of " + prompts + " prompts right");
        assertTrue(stanceRight > 0.9 * responses, stanceRight + " of " + responses + " stances right");
    }

    @Test
    void trainingIsDeterministic() {
        ClassifierBuilder.Built again = ClassifierBuilder.build(slice, FEATURES, OPTIONS.withEpochs(OPTIONS.epochs()), l -> { });
        assertArrayEquals(built.heads().weights(), again.heads().weights());
        assertArrayEquals(built.heads().biases(), again.heads().biases());
        assertEquals(built.heads().contextWeight(), again.heads().contextWeight());
    }

    @Test
    void filesRoundTripAndRejectTampering(@TempDir Path dir) throws Exception {
        ClassifierMetadata written = ClassifierFiles.write(dir, built.heads(), metadata(Thresholds.uniform(0.4f, 0.1f, 0.9f)));
        ClassifierFiles.Loaded loaded = ClassifierFiles.read(dir);
        assertEquals(written, loaded.metadata());
        assertArrayEquals(built.heads().weights(), loaded.heads().weights());
        assertArrayEquals(built.heads().scales(), loaded.heads().scales());
        assertEquals(0.4f, loaded.metadata().thresholds().of(Head.S9));
        byte[] bytes = Files.readAllBytes(dir.resolve(ClassifierFiles.WEIGHTS));
        bytes[bytes.length - 1] ^= 1;
        Files.write(dir.resolve(ClassifierFiles.WEIGHTS), bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassifierFiles.read(dir));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    private static ClassifierMetadata metadata(Thresholds thresholds) {
        return new ClassifierMetadata(FEATURES, thresholds,
                new ClassifierMetadata.CorpusInfo(5L, "content", "train", "heldout", slice.size(), 0),
                new ClassifierMetadata.TrainingInfo(OPTIONS, built.promptSteps(), built.responseSteps(),
                        built.promptLoss(), built.responseLoss(), 1.0), "");
    }
}
