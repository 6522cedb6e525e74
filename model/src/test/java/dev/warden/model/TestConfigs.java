package dev.warden.model;

import dev.warden.model.config.Architecture;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.config.RopeScaling;
import java.util.Optional;

/** Tiny model configurations for tests; the one place tests construct a {@link ModelConfig}. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** A tiny GQA config with q/k/v bias: V 50, D 32, F 48, 2 layers, 4 heads over 2 kv heads, E 8. */
    public static ModelConfig tiny() {
        return of(50, 32, 48, 2, 4, 2, 64, false, true);
    }

    /**
     * A config from the sizes tests vary; head dim = hidden / heads, rope theta 10000, eps 1e-5.
     */
    public static ModelConfig of(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads,
                                 int maxPositions, boolean tied, boolean qkvBias) {
        return builder().vocab(vocab).hidden(hidden).intermediate(intermediate).layers(layers).heads(heads)
                .kvHeads(kvHeads).maxPositions(maxPositions).tied(tied).qkvBias(qkvBias).build();
    }

    /** A builder starting from {@link #tiny()}'s sizes without bias; every field can be changed. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code base} with Llama-3 rope scaling ({@code rope_scaling.rope_type = "llama3"}). Always present now
     * that {@link ModelConfig} expresses it; kept optional so callers written before stay unchanged.
     */
    public static Optional<ModelConfig> withLlama3RopeScaling(ModelConfig base, double factor, double lowFreqFactor,
                                                              double highFreqFactor, int originalMaxPositions) {
        return Optional.of(base.toBuilder()
                .ropeScaling(new RopeScaling.Llama3(factor, lowFreqFactor, highFreqFactor, originalMaxPositions))
                .build());
    }

    /** Fluent tiny-config builder; head dim defaults to hidden / heads. */
    public static final class Builder {
        private int vocab = 50;
        private int hidden = 32;
        private int intermediate = 48;
        private int layers = 2;
        private int heads = 4;
        private int kvHeads = 2;
        private int headDim;
        private int maxPositions = 64;
        private double rmsNormEps = 1e-5;
        private double ropeTheta = 10000;
        private boolean tied;
        private boolean qkvBias;
        private boolean llamaBiases;

        private Builder() {
        }

        /** Vocabulary size V. */
        public Builder vocab(int v) {
            this.vocab = v;
            return this;
        }

        /** Hidden size D. */
        public Builder hidden(int d) {
            this.hidden = d;
            return this;
        }

        /** MLP intermediate size F. */
        public Builder intermediate(int f) {
            this.intermediate = f;
            return this;
        }

        /** Number of decoder layers. */
        public Builder layers(int l) {
            this.layers = l;
            return this;
        }

        /** Query heads H. */
        public Builder heads(int h) {
            this.heads = h;
            return this;
        }

        /** Key/value heads G. */
        public Builder kvHeads(int g) {
            this.kvHeads = g;
            return this;
        }

        /** Head dim E (HF {@code head_dim}); 0 means hidden / heads. */
        public Builder headDim(int e) {
            this.headDim = e;
            return this;
        }

        /** Rotary table length. */
        public Builder maxPositions(int p) {
            this.maxPositions = p;
            return this;
        }

        /** RMSNorm epsilon. */
        public Builder rmsNormEps(double eps) {
            this.rmsNormEps = eps;
            return this;
        }

        /** Rope base theta. */
        public Builder ropeTheta(double theta) {
            this.ropeTheta = theta;
            return this;
        }

        /** Tied input and output embeddings. */
        public Builder tied(boolean t) {
            this.tied = t;
            return this;
        }

        /** Bias on q/k/v projections (and none on o_proj): expressed as a Qwen2 config, otherwise Llama. */
        public Builder qkvBias(boolean b) {
            this.qkvBias = b;
            return this;
        }

        /** Llama with {@code attention_bias} and {@code mlp_bias}: biases on q/k/v/o and on the MLP. */
        public Builder llamaBiases(boolean b) {
            this.llamaBiases = b;
            return this;
        }

        /** The configuration. */
        public ModelConfig build() {
            return ModelConfig.builder()
                    .architecture(qkvBias && !llamaBiases ? Architecture.QWEN2 : Architecture.LLAMA)
                    .attentionBias(llamaBiases).mlpBias(llamaBiases)
                    .vocabSize(vocab).hiddenSize(hidden).intermediateSize(intermediate).numHiddenLayers(layers)
                    .numAttentionHeads(heads).numKeyValueHeads(kvHeads).headDim(headDim > 0 ? headDim : null)
                    .maxPositionEmbeddings(maxPositions).rmsNormEps(rmsNormEps).ropeTheta(ropeTheta)
                    .tieWordEmbeddings(tied)
                    .build();
        }
    }
}
