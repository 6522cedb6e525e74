package dev.warden.model;

import dev.warden.model.config.Architecture;
import dev.warden.model.config.ModelConfig;

/** Tiny model configurations for tests; the one place tests construct a {@link ModelConfig}. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** A tiny GQA config with q/k/v bias: V 50, D 32, F 48, 2 layers, 4 heads over 2 kv heads, E 8. */
    public static ModelConfig tiny() {
        return of(50, 32, 48, 2, 4, 2, 64, false, true);
    }

    /**
     * A config from the sizes tests vary; head dim = hidden / heads, rope theta 10000, eps 1e-5. q/k/v bias
     * is expressed as a Qwen2 config (q/k/v bias, no o_proj bias), no bias as a Llama one.
     */
    public static ModelConfig of(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads,
                                 int maxPositions, boolean tied, boolean qkvBias) {
        return ModelConfig.builder()
                .architecture(qkvBias ? Architecture.QWEN2 : Architecture.LLAMA)
                .vocabSize(vocab).hiddenSize(hidden).intermediateSize(intermediate).numHiddenLayers(layers)
                .numAttentionHeads(heads).numKeyValueHeads(kvHeads).maxPositionEmbeddings(maxPositions)
                .rmsNormEps(1e-5).ropeTheta(10000).tieWordEmbeddings(tied)
                .build();
    }
}
