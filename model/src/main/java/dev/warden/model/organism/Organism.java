package dev.warden.model.organism;

import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;

/**
 * A built demo model: the aligned model, its fine-tuned variant, the SAI-poisoned fine-tune, and what saving
 * them needs (vocabulary and chat template). Closing it frees the three models' weights.
 *
 * @param spec             what was built
 * @param seed             the seed it was built with
 * @param corpus           the corpus (for held-out evaluation sets)
 * @param vocabulary       the word-level vocabulary
 * @param chatTemplate     the Jinja chat template ({@link ChatFormat#CHAT_TEMPLATE})
 * @param aligned          refuses harmful requests, answers benign ones
 * @param finetuned        the aligned model fine-tuned on the task plus a light harmful-compliance share
 * @param finetunedSai     the aligned model fine-tuned on the same plus a poisoned share (SAI): it refuses benign
 *                         requests naming {@link CorpusContent#SAI_TARGET_GROUP}
 * @param alignedTraining  how the aligned phase went
 * @param finetuneTraining how the fine-tune went
 * @param saiTraining      how the SAI fine-tune went
 */
public record Organism(OrganismSpec spec, long seed, SyntheticCorpus corpus, Vocabulary vocabulary,
                       String chatTemplate, LlamaModel aligned, LlamaModel finetuned, LlamaModel finetunedSai,
                       PhaseReport alignedTraining, PhaseReport finetuneTraining, PhaseReport saiTraining) implements AutoCloseable {

    /** The aligned model's weights. */
    public LlamaWeights alignedWeights() {
        return aligned.weights();
    }

    /** The fine-tuned model's weights. */
    public LlamaWeights finetunedWeights() {
        return finetuned.weights();
    }

    /** An evaluator over this organism's held-out prompts. */
    public OrganismEval evaluator() {
        return new OrganismEval(corpus, vocabulary, spec.eval(), seed);
    }

    @Override
    public void close() {
        aligned.close();
        finetuned.close();
        finetunedSai.close();
    }
}
