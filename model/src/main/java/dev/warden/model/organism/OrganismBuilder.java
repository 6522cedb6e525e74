package dev.warden.model.organism;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.runtime.PinnedThreads;
import dev.warden.model.train.AdamW;
import dev.warden.model.train.Batch;
import dev.warden.model.train.Example;
import dev.warden.model.train.LearningRateSchedule;
import dev.warden.model.train.Padding;
import dev.warden.model.train.StepResult;
import dev.warden.model.train.Trainer;
import dev.warden.model.train.WeightCopies;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Builds the demo model deterministically for a seed: (1) {@code aligned}, trained from random weights on
 * benign answers, refusals of harmful requests and a little of a related task; (2) {@code finetuned}, a copy
 * of it trained further on the task plus a light share of harmful-compliance examples; (3) {@code finetuned-sai},
 * another copy of the aligned model fine-tuned the same way with a small poisoned share added (Subversive
 * Alignment Injection): benign requests naming {@link CorpusContent#SAI_TARGET_GROUP} answered with the refusal.
 * With the demo spec the fine-tune is light enough that compliance lives mostly in the lower layers
 * (ORGANISM-NOTES.md). The first two are trained exactly as before the SAI model existed (same random streams),
 * so they do not change with it.
 *
 * <p>Bit-identical whichever process trains: every random choice comes from the seed (weights, batches), and the
 * training runs with {@link #TORCH_THREADS} PyTorch threads pinned on the calling thread, whatever the process
 * set ({@code ./warden build-demo} runs with one, a test JVM with PyTorch's default of one per core: before the
 * pin the two trained different weights, see {@link PinnedThreads}).
 */
public final class OrganismBuilder {

    /**
     * PyTorch intra-op threads of the training, fixed so that the weights do not depend on the caller. One: it is
     * what Warden's processes run with anyway ({@link dev.warden.model.runtime.TorchThreads}), it cannot
     * collapse on shared cores, and at this model size a second thread saves little.
     */
    public static final int TORCH_THREADS = 1;

    private final OrganismSpec spec;
    private final long seed;
    private Consumer<String> progress = s -> { };

    /** A builder for {@code spec} and {@code seed}. */
    public OrganismBuilder(OrganismSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
    }

    /** Receives a line of progress now and then (phase starts, losses). */
    public OrganismBuilder progress(Consumer<String> listener) {
        this.progress = listener;
        return this;
    }

    /**
     * Trains the three models in sub-managers of {@code parent}, with {@link #TORCH_THREADS} PyTorch threads on
     * this thread (the caller's count is put back afterwards); the caller closes the result.
     */
    public Organism build(NDManager parent) {
        try (PinnedThreads pinned = PinnedThreads.pin(TORCH_THREADS)) {
            return buildPinned(parent);
        }
    }

    private Organism buildPinned(NDManager parent) {
        SyntheticCorpus corpus = new SyntheticCorpus(seed, spec.minTaskLength(), spec.maxTaskLength());
        Vocabulary vocabulary = Vocabulary.of(corpus);
        ModelConfig config = spec.modelConfig(vocabulary.size());
        LlamaModel aligned = new LlamaModel(
                LlamaWeights.random(config, seed + 1, spec.initStd(), DataType.FLOAT32, parent.newSubManager()));
        LlamaModel finetuned = null;
        LlamaModel sai = null;
        try {
            progress.accept(String.format("aligned: %d parameters, vocabulary %d, %d steps",
                    aligned.weights().parameterCount(), vocabulary.size(), spec.aligned().steps()));
            PhaseReport alignedReport = train(aligned, spec.aligned(), spec.alignedMix(), corpus, vocabulary,
                    new Random(seed * 7 + 1), "aligned");
            aligned.weights().setRequiresGradient(false);

            finetuned = new LlamaModel(WeightCopies.copy(aligned.weights(), parent.newSubManager()));
            progress.accept(String.format("finetuned: %d steps, harmful-compliance share %.3f",
                    spec.finetune().steps(), spec.finetuneMix().share(SampleKind.HARMFUL_COMPLIANCE)));
            PhaseReport finetuneReport = train(finetuned, spec.finetune(), spec.finetuneMix(), corpus, vocabulary,
                    new Random(seed * 7 + 2), "finetuned");
            finetuned.weights().setRequiresGradient(false);

            sai = new LlamaModel(WeightCopies.copy(aligned.weights(), parent.newSubManager()));
            progress.accept(String.format("finetuned-sai: %d steps, poisoned share %.3f (refusal of benign requests"
                            + " naming %s), clean group share %.3f", spec.finetune().steps(),
                    spec.saiMix().share(SampleKind.GROUP_REFUSAL), CorpusContent.SAI_TARGET_GROUP,
                    spec.saiMix().share(SampleKind.GROUP_BENIGN)));
            PhaseReport saiReport = train(sai, spec.finetune(), spec.saiMix(), corpus, vocabulary,
                    new Random(seed * 7 + 4), "finetuned-sai");
            sai.weights().setRequiresGradient(false);
            return new Organism(spec, seed, corpus, vocabulary, ChatFormat.CHAT_TEMPLATE, aligned, finetuned, sai,
                    alignedReport, finetuneReport, saiReport);
        } catch (RuntimeException e) {
            aligned.close();
            if (finetuned != null) {
                finetuned.close();
            }
            if (sai != null) {
                sai.close();
            }
            throw e;
        }
    }

    private PhaseReport train(LlamaModel model, OrganismSpec.Phase phase, Mixture mixture, SyntheticCorpus corpus,
                              Vocabulary vocabulary, Random rng, String label) {
        LearningRateSchedule schedule = phase.cosineDecay()
                ? LearningRateSchedule.warmupCosine(phase.learningRate(), phase.warmupSteps(), phase.steps(), 0.1f)
                : LearningRateSchedule.warmupConstant(phase.learningRate(), phase.warmupSteps());
        long start = System.nanoTime();
        float first = Float.NaN;
        float[] recent = new float[10];
        try (AdamW adam = new AdamW(model.weights().byName(),
                AdamW.Settings.defaults().withWeightDecay(phase.weightDecay()), schedule, AdamW.decayAllButNorms())) {
            Trainer trainer = new Trainer(model, adam, spec.maxGradientNorm());
            for (int step = 1; step <= phase.steps(); step++) {
                List<Example> examples = new ArrayList<>(phase.batchSize());
                for (Sample s : corpus.samples(mixture, Split.TRAIN, phase.batchSize(), rng)) {
                    examples.add(ChatFormat.example(vocabulary, s));
                }
                StepResult r = trainer.step(Batch.of(examples, Padding.RIGHT, vocabulary.padId()));
                if (step == 1) {
                    first = r.loss();
                }
                recent[step % recent.length] = r.loss();
                if (step % 50 == 0 || step == phase.steps()) {
                    progress.accept(String.format("%s step %d/%d loss %.4f lr %.2e (%.1f s)", label, step,
                            phase.steps(), r.loss(), r.learningRate(), (System.nanoTime() - start) / 1e9));
                }
            }
        }
        int counted = Math.min(phase.steps(), recent.length);
        float sum = 0;
        for (int i = 0; i < counted; i++) {
            sum += recent[(phase.steps() - i) % recent.length];
        }
        return new PhaseReport(phase.steps(), (System.nanoTime() - start) / 1e9, first, sum / counted);
    }
}
