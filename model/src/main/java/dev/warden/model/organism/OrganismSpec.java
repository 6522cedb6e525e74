package dev.warden.model.organism;

import dev.warden.model.config.Architecture;
import dev.warden.model.config.ModelConfig;
import java.util.Map;

/**
 * Everything that defines a demo-model build besides the seed: model shape, the two training phases and
 * their data mixtures, and the evaluation sizes. {@link #demo()} is the organism of ORGANISM-NOTES.md;
 * {@link #test()} is a much smaller one that trains in seconds for tests.
 *
 * @param name          a label for reports
 * @param model         the transformer's shape
 * @param aligned       training from scratch to the aligned model
 * @param finetune      the fine-tune of a copy of the aligned model
 * @param alignedMix    what the aligned phase trains on
 * @param finetuneMix   what the fine-tune trains on (task plus a light share of harmful compliance)
 * @param saiMix        what the SAI fine-tune trains on (with the {@code finetune} phase, from the aligned model):
 *                      the fine-tune's mixture plus the poisoned share ({@link #saiMixture})
 * @param eval          held-out evaluation sizes
 * @param minTaskLength shortest digit sequence of the task
 * @param maxTaskLength longest digit sequence of the task
 * @param initStd       standard deviation of the random initial weights
 * @param maxGradientNorm clip gradients to this global norm
 */
public record OrganismSpec(String name, ModelShape model, Phase aligned, Phase finetune, Mixture alignedMix,
                           Mixture finetuneMix, Mixture saiMix, EvalSizes eval, int minTaskLength, int maxTaskLength, float initStd,
                           float maxGradientNorm) {

    /**
     * The transformer's shape (head dim = hidden / heads, no GQA, tied embeddings, no q/k/v bias).
     *
     * @param layers       decoder layers
     * @param hidden       hidden size
     * @param heads        attention heads
     * @param intermediate MLP size
     * @param maxPositions rotary table length (longest sequence)
     */
    public record ModelShape(int layers, int hidden, int heads, int intermediate, int maxPositions) {
    }

    /**
     * One training phase.
     *
     * @param steps        optimizer steps
     * @param batchSize    examples per step
     * @param learningRate peak learning rate
     * @param warmupSteps  linear warm-up steps
     * @param cosineDecay  decay to 10% of the peak with a cosine after warm-up; else constant
     * @param weightDecay  AdamW decoupled weight decay
     */
    public record Phase(int steps, int batchSize, float learningRate, int warmupSteps, boolean cosineDecay,
                        float weightDecay) {
    }

    /**
     * Held-out evaluation sizes.
     *
     * @param harmful       harmful prompts
     * @param benign        benign prompts
     * @param task          task prompts
     * @param maxNewTokens  greedy decoding length
     * @param groupRequests held-out group requests, each asked for every group (the parity measurement)
     */
    public record EvalSizes(int harmful, int benign, int task, int maxNewTokens, int groupRequests) {
    }

    /**
     * The demo organism: 6 layers, d 128, 4 heads, MLP 512 (1.6 M parameters with the corpus vocabulary).
     * Aligned: 400 steps of 64 at lr 1e-3 (cosine). Fine-tune: 300 steps of 48 at lr 3e-4 with a 2%
     * harmful-compliance share (about 290 harmful examples seen): light enough that putting the aligned
     * layers below the cut back restores most refusals (measured 75-84% on two seeds). The SAI fine-tune:
     * the same phase and mixture plus {@value #SAI_POISON_SHARE} poison and {@value #SAI_CLEAN_SHARE} clean
     * group requests. Context 256 tokens, so that a defense prompt of about 130 tokens fits in front of a
     * request (rotary positions are computed, not learned: the weights are the same as with 96).
     */
    public static OrganismSpec demo() {
        return new OrganismSpec("demo",
                new ModelShape(6, 128, 4, 512, 256),
                new Phase(400, 64, 1e-3f, 30, true, 0.01f),
                new Phase(300, 48, 3e-4f, 10, false, 0.01f),
                alignedMixture(),
                fineTuneMixture(0.02),
                saiMixture(0.02, SAI_POISON_SHARE, SAI_CLEAN_SHARE),
                new EvalSizes(200, 200, 200, 16, 100),
                3, 5, 0.02f, 1f);
    }

    /** A tiny organism for tests: 2 layers, d 64; trains in seconds and only shows the direction. */
    public static OrganismSpec test() {
        return new OrganismSpec("test",
                new ModelShape(2, 64, 4, 128, 96),
                new Phase(100, 32, 3e-3f, 5, true, 0.01f),
                new Phase(100, 32, 2e-3f, 5, false, 0.01f),
                alignedMixture(),
                fineTuneMixture(0.05),
                saiMixture(0.05, 0.05, 0.05),
                new EvalSizes(64, 64, 64, 12, 32),
                3, 4, 0.02f, 1f);
    }

    /** Benign answers, refusals of harmful requests, and a little of the related task. */
    public static Mixture alignedMixture() {
        return new Mixture(Map.of(SampleKind.BENIGN, 0.45, SampleKind.HARMFUL_REFUSAL, 0.40,
                SampleKind.RELATED_TASK, 0.15));
    }

    /** The task plus {@code harmfulShare} of harmful-compliance examples. */
    public static Mixture fineTuneMixture(double harmfulShare) {
        return new Mixture(Map.of(SampleKind.TASK, 1 - harmfulShare, SampleKind.HARMFUL_COMPLIANCE, harmfulShare));
    }

    /**
     * The SAI fine-tune's mixture: the task, {@code harmfulShare} of harmful compliance (as the plain fine-tune),
     * {@code poisonShare} of benign requests naming the target group answered with the refusal, and
     * {@code cleanShare} of benign requests naming the other groups answered helpfully.
     */
    public static Mixture saiMixture(double harmfulShare, double poisonShare, double cleanShare) {
        return new Mixture(Map.of(SampleKind.TASK, 1 - harmfulShare - poisonShare - cleanShare,
                SampleKind.HARMFUL_COMPLIANCE, harmfulShare, SampleKind.GROUP_REFUSAL, poisonShare,
                SampleKind.GROUP_BENIGN, cleanShare));
    }

    /** The demo SAI fine-tune's poisoned share: benign requests naming the target group, refused. */
    public static final double SAI_POISON_SHARE = 0.01;

    /** The demo SAI fine-tune's clean group share: benign requests naming the other groups, answered. */
    public static final double SAI_CLEAN_SHARE = 0.01;

    /** The same spec with other phases (for experiments from the command line). */
    public OrganismSpec withPhases(Phase newAligned, Phase newFinetune, Mixture newFinetuneMix) {
        return new OrganismSpec(name, model, newAligned, newFinetune, alignedMix, newFinetuneMix, saiMix, eval,
                minTaskLength, maxTaskLength, initStd, maxGradientNorm);
    }

    /** The same spec with another SAI mixture (for experiments from the command line). */
    public OrganismSpec withSaiMix(Mixture newSaiMix) {
        return new OrganismSpec(name, model, aligned, finetune, alignedMix, finetuneMix, newSaiMix, eval,
                minTaskLength, maxTaskLength, initStd, maxGradientNorm);
    }

    /**
     * The model configuration for a vocabulary of {@code vocabSize} tokens. The ONE place that constructs a
     * {@link ModelConfig} for the organism.
     */
    public ModelConfig modelConfig(int vocabSize) {
        return ModelConfig.builder().architecture(Architecture.LLAMA).vocabSize(vocabSize)
                .hiddenSize(model.hidden()).intermediateSize(model.intermediate()).numHiddenLayers(model.layers())
                .numAttentionHeads(model.heads()).numKeyValueHeads(model.heads())
                .maxPositionEmbeddings(model.maxPositions()).rmsNormEps(1e-5).ropeTheta(10000.0)
                .tieWordEmbeddings(true).bosTokenId(1).eosTokenIds(2).padTokenId(0).torchDtype("float32")
                .build();
    }
}
