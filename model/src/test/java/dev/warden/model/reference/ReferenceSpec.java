package dev.warden.model.reference;

import dev.warden.model.config.ModelConfig;

/**
 * The sizes and constants the reference forward pass needs, in Hugging Face {@code LlamaConfig} terms.
 * Kept apart from {@link ModelConfig} so the reference owns its rotary frequencies (computed by
 * {@link ReferenceRope}, never taken from the model under test).
 *
 * @param vocabSize V
 * @param hiddenSize D
 * @param intermediateSize F
 * @param layers L
 * @param heads H, query heads
 * @param kvHeads G, key/value heads (H must be a multiple of G)
 * @param headDim E
 * @param rmsNormEps epsilon inside the RMSNorm square root
 * @param tiedEmbeddings whether the LM head is the embedding table
 * @param qkvBias whether q/k/v projections carry a bias
 * @param llamaBiases whether o_proj and the MLP projections carry biases (Llama attention_bias + mlp_bias)
 * @param inverseFrequencies the E/2 rotary inverse frequencies
 */
public record ReferenceSpec(int vocabSize, int hiddenSize, int intermediateSize, int layers, int heads,
                            int kvHeads, int headDim, double rmsNormEps, boolean tiedEmbeddings, boolean qkvBias,
                            boolean llamaBiases, double[] inverseFrequencies) {

    /** Validates the head layout. */
    public ReferenceSpec {
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " heads are not a multiple of " + kvHeads + " kv heads");
        }
        if (inverseFrequencies.length != headDim / 2) {
            throw new IllegalArgumentException("need " + headDim / 2 + " inverse frequencies, got "
                    + inverseFrequencies.length);
        }
    }

    /** The sizes of {@code config} with default (unscaled) rotary frequencies for its rope theta. */
    public static ReferenceSpec from(ModelConfig config) {
        return new ReferenceSpec(config.vocabSize(), config.hiddenSize(), config.intermediateSize(),
                config.numHiddenLayers(), config.numAttentionHeads(), config.numKeyValueHeads(), config.headDim(),
                config.rmsNormEps(), config.tieWordEmbeddings(), config.qkvBias(),
                config.oProjBias() && config.mlpBias(),
                ReferenceRope.defaultInverseFrequencies(config.ropeTheta(), config.headDim()));
    }

    /** The same spec with other rotary frequencies (e.g. Llama-3 scaled ones). */
    public ReferenceSpec withInverseFrequencies(double[] frequencies) {
        return new ReferenceSpec(vocabSize, hiddenSize, intermediateSize, layers, heads, kvHeads, headDim,
                rmsNormEps, tiedEmbeddings, qkvBias, llamaBiases, frequencies);
    }

    /** The same spec with another number of key/value heads. */
    public ReferenceSpec withKvHeads(int g) {
        return new ReferenceSpec(vocabSize, hiddenSize, intermediateSize, layers, heads, g, headDim,
                rmsNormEps, tiedEmbeddings, qkvBias, llamaBiases, inverseFrequencies);
    }

    /** The same spec with tied or untied embeddings. */
    public ReferenceSpec withTiedEmbeddings(boolean tied) {
        return new ReferenceSpec(vocabSize, hiddenSize, intermediateSize, layers, heads, kvHeads, headDim,
                rmsNormEps, tied, qkvBias, llamaBiases, inverseFrequencies);
    }
}
