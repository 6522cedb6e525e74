package dev.warden.tools.judge.classifier;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.judge.classifier.FeatureHasher;
import dev.warden.judge.classifier.FeatureSettings;
import dev.warden.judge.classifier.Head;
import dev.warden.judge.classifier.LinearHeads;
import dev.warden.judge.classifier.TrainingOptions;
import dev.warden.judge.score.Stance;
import dev.warden.tools.judge.corpus.ExampleKind;
import dev.warden.tools.judge.corpus.LabelledExample;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains the whole classifier from labelled examples, in two stages:
 * <ol>
 *   <li>the prompt heads (14 categories and any-harm) on the PROMPT examples;</li>
 *   <li>the response heads (refusal, harmful-response) on the RESPONSE examples' response text, the
 *       harmful-response head also getting the prompt's any-harm logit from stage 1 (quantized, exactly as
 *       at inference) through {@link LinearHeads#contextFeature}.</li>
 * </ol>
 * Then all weights are quantized to int8 ({@link LinearHeads#quantize}).
 */
public final class ClassifierBuilder {

    /**
     * The trained classifier and how training went.
     *
     * @param heads         the quantized weights
     * @param promptSteps   optimizer steps of stage 1
     * @param responseSteps optimizer steps of stage 2
     * @param promptLoss    last-epoch loss of stage 1
     * @param responseLoss  last-epoch loss of stage 2
     */
    public record Built(LinearHeads heads, int promptSteps, int responseSteps, float promptLoss, float responseLoss) {
    }

    private ClassifierBuilder() {
    }

    /**
     * Trains on {@code examples} (both kinds must be present).
     *
     * @throws IllegalArgumentException if there are no prompt or no response examples
     */
    public static Built build(List<LabelledExample> examples, FeatureSettings features, TrainingOptions options,
                              Consumer<String> log) {
        List<LabelledExample> prompts = examples.stream().filter(e -> e.kind() == ExampleKind.PROMPT).toList();
        List<LabelledExample> responses = examples.stream().filter(e -> e.kind() == ExampleKind.RESPONSE).toList();
        if (prompts.isEmpty() || responses.isEmpty()) {
            throw new IllegalArgumentException("training needs prompt and response examples, got " + prompts.size()
                    + " and " + responses.size());
        }
        FeatureHasher hasher = new FeatureHasher(features);
        int buckets = features.buckets();
        int promptHeads = Head.PROMPT_HEADS;

        log.accept("prompt heads: hashing " + prompts.size() + " prompts");
        FeatureMatrix px = FeatureMatrix.of(hasher, prompts.stream().map(LabelledExample::prompt).toList());
        float[] py = new float[prompts.size() * promptHeads];
        for (int i = 0; i < prompts.size(); i++) {
            LabelledExample e = prompts.get(i);
            for (HazardCategory c : e.categories()) {
                py[i * promptHeads + c.number() - 1] = 1f;
            }
            py[i * promptHeads + Head.ANY_HARM.ordinal()] = e.harmful() ? 1f : 0f;
        }
        LinearTrainer.Result stage1 = LinearTrainer.train(px, py, promptHeads, null, null, buckets, options, log);

        float[] weights = new float[buckets * LinearHeads.H];
        float[] biases = new float[LinearHeads.H];
        place(stage1, promptHeads, 0, weights, biases, buckets);
        LinearHeads promptOnly = LinearHeads.quantize(features, weights, biases, 0f);

        log.accept("response heads: hashing " + responses.size() + " responses");
        FeatureMatrix rx = FeatureMatrix.of(hasher, responses.stream().map(LabelledExample::response).toList());
        int responseHeads = LinearHeads.H - promptHeads;
        float[] ry = new float[responses.size() * responseHeads];
        float[] context = new float[responses.size()];
        float[] logits = new float[LinearHeads.H];
        for (int i = 0; i < responses.size(); i++) {
            LabelledExample e = responses.get(i);
            ry[i * responseHeads] = e.stance() == Stance.REFUSAL ? 1f : 0f;
            ry[i * responseHeads + 1] = e.harmful() ? 1f : 0f;
            promptOnly.logits(e.prompt(), logits);
            context[i] = LinearHeads.contextFeature(logits[Head.ANY_HARM.ordinal()]);
        }
        boolean[] contextHeads = {false, true};
        TrainingOptions responseOptions = new TrainingOptions(options.seed() + 1, options.epochs(), options.batchSize(),
                options.learningRate(), options.weightDecay(), 1f);
        LinearTrainer.Result stage2 = LinearTrainer.train(rx, ry, responseHeads, context, contextHeads, buckets,
                responseOptions, log);
        place(stage2, responseHeads, promptHeads, weights, biases, buckets);
        float contextWeight = stage2.contextWeights()[1];
        LinearHeads heads = LinearHeads.quantize(features, weights, biases, contextWeight);
        return new Built(heads, stage1.steps(), stage2.steps(), stage1.lastEpochLoss(), stage2.lastEpochLoss());
    }

    /** Copies a stage's K columns into columns {@code offset..offset+K-1} of the full table. */
    private static void place(LinearTrainer.Result stage, int k, int offset, float[] weights, float[] biases,
                              int buckets) {
        float[] w = stage.weights();
        for (int b = 0; b < buckets; b++) {
            System.arraycopy(w, b * k, weights, b * LinearHeads.H + offset, k);
        }
        System.arraycopy(stage.biases(), 0, biases, offset, k);
    }
}
