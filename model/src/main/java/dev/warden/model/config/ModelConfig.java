package dev.warden.model.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The hyper-parameters of a Llama-family checkpoint, as its Hugging Face {@code config.json} gives them:
 * Llama 2/3 ({@code LlamaForCausalLM}), Mistral ({@code MistralForCausalLM}) and Qwen2
 * ({@code Qwen2ForCausalLM}). Accessors are the camelCase of the {@code config.json} names
 * ({@code num_key_value_heads} is {@link #numKeyValueHeads()}); defaults are those of transformers'
 * {@code LlamaConfig}, {@code MistralConfig} and {@code Qwen2Config}.
 *
 * <p>Instances are immutable and always valid: every size is positive, {@code head_dim} is even,
 * {@code num_key_value_heads} divides {@code num_attention_heads}, and when {@code head_dim} is not given
 * {@code num_attention_heads} divides {@code hidden_size}. A violation raises {@link ModelConfigException}.
 * Read one with {@link #read(Path)} or {@link #fromJson(String)}; make one (for example a tiny random test
 * model) with {@link #builder()}; change one with {@link #toBuilder()}.
 *
 * <p>Not modelled: sliding-window attention. {@link #slidingWindow()} reports the window transformers
 * would apply, but this library attends to the full context, so outputs differ from transformers only for
 * sequences longer than that window.
 */
public final class ModelConfig {

    /** transformers' default {@code rope_theta}. */
    public static final double DEFAULT_ROPE_THETA = 10000.0;
    /** transformers' default {@code initializer_range}. */
    public static final double DEFAULT_INITIALIZER_RANGE = 0.02;

    private final Architecture architecture;
    private final int vocabSize;
    private final int hiddenSize;
    private final int intermediateSize;
    private final int numHiddenLayers;
    private final int numAttentionHeads;
    private final int numKeyValueHeads;
    private final int headDim;
    private final int maxPositionEmbeddings;
    private final double rmsNormEps;
    private final double ropeTheta;
    private final RopeScaling ropeScaling;
    private final boolean tieWordEmbeddings;
    private final boolean attentionBias;
    private final boolean mlpBias;
    private final double initializerRange;
    private final Integer bosTokenId;
    private final int[] eosTokenIds;
    private final Integer padTokenId;
    private final String torchDtype;
    private final Integer slidingWindow;

    private ModelConfig(Builder b) {
        this.architecture = Objects.requireNonNull(b.architecture, "architecture");
        this.vocabSize = positive("vocab_size", b.vocabSize);
        this.hiddenSize = positive("hidden_size", b.hiddenSize);
        this.intermediateSize = positive("intermediate_size", b.intermediateSize);
        this.numHiddenLayers = positive("num_hidden_layers", b.numHiddenLayers);
        this.numAttentionHeads = positive("num_attention_heads", b.numAttentionHeads);
        this.numKeyValueHeads = positive("num_key_value_heads",
                b.numKeyValueHeads != null ? b.numKeyValueHeads : b.numAttentionHeads);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new ModelConfigException("num_key_value_heads (" + numKeyValueHeads
                    + ") must divide num_attention_heads (" + numAttentionHeads + ")");
        }
        if (b.headDim == null && hiddenSize % numAttentionHeads != 0) {
            throw new ModelConfigException("hidden_size (" + hiddenSize + ") is not divisible by"
                    + " num_attention_heads (" + numAttentionHeads + ") and head_dim is not given");
        }
        this.headDim = positive("head_dim", b.headDim != null ? b.headDim : hiddenSize / numAttentionHeads);
        if (headDim % 2 != 0) {
            throw new ModelConfigException("head_dim must be even for rotary embeddings, got " + headDim);
        }
        this.maxPositionEmbeddings = positive("max_position_embeddings", b.maxPositionEmbeddings);
        this.rmsNormEps = positiveFinite("rms_norm_eps", b.rmsNormEps);
        this.ropeTheta = positiveFinite("rope_theta", b.ropeTheta);
        this.ropeScaling = b.ropeScaling;
        this.tieWordEmbeddings = b.tieWordEmbeddings;
        if (architecture != Architecture.LLAMA && (b.attentionBias || b.mlpBias)) {
            throw new ModelConfigException("attention_bias and mlp_bias are LlamaForCausalLM options; "
                    + architecture.className() + " fixes its biases (Qwen2: q/k/v only, Mistral: none)");
        }
        this.attentionBias = b.attentionBias;
        this.mlpBias = b.mlpBias;
        if (!(b.initializerRange >= 0) || Double.isInfinite(b.initializerRange)) {
            throw new ModelConfigException("initializer_range must be finite and >= 0, got " + b.initializerRange);
        }
        this.initializerRange = b.initializerRange;
        this.bosTokenId = b.bosTokenId;
        this.eosTokenIds = b.eosTokenIds.clone();
        this.padTokenId = b.padTokenId;
        this.torchDtype = b.torchDtype;
        if (b.slidingWindow != null) {
            if (architecture == Architecture.LLAMA) {
                throw new ModelConfigException("sliding_window is not a LlamaForCausalLM option");
            }
            positive("sliding_window", b.slidingWindow);
        }
        this.slidingWindow = b.slidingWindow;
    }

    private static int positive(String field, Integer value) {
        if (value == null) {
            throw new ModelConfigException(field + " is required");
        }
        if (value <= 0) {
            throw new ModelConfigException(field + " must be positive, got " + value);
        }
        return value;
    }

    private static double positiveFinite(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ModelConfigException(field + " must be positive and finite, got " + value);
        }
        return value;
    }

    /** A builder with transformers' defaults and no sizes set; {@link Builder#build()} validates. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder().architecture(architecture).vocabSize(vocabSize).hiddenSize(hiddenSize)
                .intermediateSize(intermediateSize).numHiddenLayers(numHiddenLayers)
                .numAttentionHeads(numAttentionHeads).numKeyValueHeads(numKeyValueHeads).headDim(headDim)
                .maxPositionEmbeddings(maxPositionEmbeddings).rmsNormEps(rmsNormEps).ropeTheta(ropeTheta)
                .ropeScaling(ropeScaling).tieWordEmbeddings(tieWordEmbeddings).attentionBias(attentionBias)
                .mlpBias(mlpBias).initializerRange(initializerRange).bosTokenId(bosTokenId)
                .eosTokenIds(eosTokenIds).padTokenId(padTokenId).torchDtype(torchDtype);
        return b.slidingWindow(slidingWindow);
    }

    /**
     * Parses a {@code config.json} document.
     *
     * @throws ModelConfigException when the JSON is malformed or does not describe a supported model
     */
    public static ModelConfig fromJson(String json) {
        return ModelConfigJson.parse(json);
    }

    /**
     * Reads {@code config.json} from a checkpoint directory, or the given file when {@code path} is a file.
     *
     * @throws ModelConfigException when the file cannot be read or does not describe a supported model
     */
    public static ModelConfig read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(json);
        } catch (ModelConfigException e) {
            throw new ModelConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * This configuration as a {@code config.json} that transformers' {@code AutoConfig} reads back to the
     * same model: keys sorted, two-space indent, explicit values for everything transformers would
     * otherwise default differently (for example {@code sliding_window: null} for Mistral).
     */
    public String toJson() {
        return ModelConfigJson.write(this);
    }

    /** Writes {@link #toJson()} to {@code dir/config.json}, creating {@code dir} if needed. */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), toJson(), StandardCharsets.UTF_8);
    }

    /** The architecture, resolved from {@code architectures} and {@code model_type}. */
    public Architecture architecture() {
        return architecture;
    }

    /** {@code architectures}: the single transformers class name of {@link #architecture()}. */
    public List<String> architectures() {
        return List.of(architecture.className());
    }

    /** {@code model_type}, e.g. {@code llama}. */
    public String modelType() {
        return architecture.modelType();
    }

    /** {@code vocab_size}: rows of the embedding table and LM head (may exceed the tokenizer's). */
    public int vocabSize() {
        return vocabSize;
    }

    /** {@code hidden_size}: the model width D. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** {@code intermediate_size}: the MLP width F. */
    public int intermediateSize() {
        return intermediateSize;
    }

    /** {@code num_hidden_layers}: decoder layers. */
    public int numHiddenLayers() {
        return numHiddenLayers;
    }

    /** {@code num_attention_heads}: query heads. */
    public int numAttentionHeads() {
        return numAttentionHeads;
    }

    /** {@code num_key_value_heads}: key/value heads (grouped-query attention); defaults to the query heads. */
    public int numKeyValueHeads() {
        return numKeyValueHeads;
    }

    /** {@code head_dim}: width of one head; defaults to {@code hidden_size / num_attention_heads}. */
    public int headDim() {
        return headDim;
    }

    /** {@code max_position_embeddings}: the longest context the model is configured for. */
    public int maxPositionEmbeddings() {
        return maxPositionEmbeddings;
    }

    /** {@code rms_norm_eps}: the epsilon inside every RMSNorm. */
    public double rmsNormEps() {
        return rmsNormEps;
    }

    /** {@code rope_theta}: the RoPE base; default 10000. */
    public double ropeTheta() {
        return ropeTheta;
    }

    /** {@code rope_scaling}, or null for plain RoPE. */
    public RopeScaling ropeScaling() {
        return ropeScaling;
    }

    /**
     * {@code tie_word_embeddings}: the LM head reuses the embedding table. Default false for all three
     * architectures; small Qwen2 models (0.5B, 1.5B) and Llama 3.2 1B/3B set it true.
     */
    public boolean tieWordEmbeddings() {
        return tieWordEmbeddings;
    }

    /** Llama's {@code attention_bias}: biases on q, k, v and o projections; always false for the others. */
    public boolean attentionBias() {
        return attentionBias;
    }

    /** Llama's {@code mlp_bias}: biases on the gate, up and down projections; always false for the others. */
    public boolean mlpBias() {
        return mlpBias;
    }

    /** Whether the q, k and v projections carry a bias: always for Qwen2, per {@code attention_bias} for Llama. */
    public boolean qkvBias() {
        return architecture == Architecture.QWEN2 || attentionBias;
    }

    /** Whether the attention output projection ({@code o_proj}) carries a bias: Llama with {@code attention_bias}. */
    public boolean oProjBias() {
        return attentionBias;
    }

    /** {@code initializer_range}: standard deviation for fresh weights; default 0.02. */
    public double initializerRange() {
        return initializerRange;
    }

    /** {@code bos_token_id}, or null when absent. */
    public Integer bosTokenId() {
        return bosTokenId;
    }

    /** {@code eos_token_id}, which config.json gives as one id or a list; empty when absent. A copy. */
    public int[] eosTokenIds() {
        return eosTokenIds.clone();
    }

    /** {@code pad_token_id}, or null when absent. */
    public Integer padTokenId() {
        return padTokenId;
    }

    /** {@code torch_dtype} (e.g. {@code bfloat16}), the dtype the weights were saved in, or null. */
    public String torchDtype() {
        return torchDtype;
    }

    /**
     * The attention window transformers would apply, or null for full attention: Mistral's
     * {@code sliding_window}, Qwen2's {@code sliding_window} when {@code use_sliding_window} is true. Parsed
     * for information only: this library does not apply it (see the class comment).
     */
    public Integer slidingWindow() {
        return slidingWindow;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelConfig c)) {
            return false;
        }
        return architecture == c.architecture && vocabSize == c.vocabSize && hiddenSize == c.hiddenSize
                && intermediateSize == c.intermediateSize && numHiddenLayers == c.numHiddenLayers
                && numAttentionHeads == c.numAttentionHeads && numKeyValueHeads == c.numKeyValueHeads
                && headDim == c.headDim && maxPositionEmbeddings == c.maxPositionEmbeddings
                && Double.compare(rmsNormEps, c.rmsNormEps) == 0 && Double.compare(ropeTheta, c.ropeTheta) == 0
                && Objects.equals(ropeScaling, c.ropeScaling) && tieWordEmbeddings == c.tieWordEmbeddings
                && attentionBias == c.attentionBias && mlpBias == c.mlpBias
                && Double.compare(initializerRange, c.initializerRange) == 0
                && Objects.equals(bosTokenId, c.bosTokenId) && Arrays.equals(eosTokenIds, c.eosTokenIds)
                && Objects.equals(padTokenId, c.padTokenId) && Objects.equals(torchDtype, c.torchDtype)
                && Objects.equals(slidingWindow, c.slidingWindow);
    }

    @Override
    public int hashCode() {
        return Objects.hash(architecture, vocabSize, hiddenSize, intermediateSize, numHiddenLayers,
                numAttentionHeads, numKeyValueHeads, headDim, maxPositionEmbeddings, rmsNormEps, ropeTheta,
                ropeScaling, tieWordEmbeddings, attentionBias, mlpBias, initializerRange, bosTokenId,
                Arrays.hashCode(eosTokenIds), padTokenId, torchDtype, slidingWindow);
    }

    @Override
    public String toString() {
        return architecture.className() + "{vocab_size=" + vocabSize + ", hidden_size=" + hiddenSize
                + ", intermediate_size=" + intermediateSize + ", num_hidden_layers=" + numHiddenLayers
                + ", num_attention_heads=" + numAttentionHeads + ", num_key_value_heads=" + numKeyValueHeads
                + ", head_dim=" + headDim + ", max_position_embeddings=" + maxPositionEmbeddings
                + ", rms_norm_eps=" + rmsNormEps + ", rope_theta=" + ropeTheta + ", rope_scaling=" + ropeScaling
                + ", tie_word_embeddings=" + tieWordEmbeddings + ", qkv_bias=" + qkvBias()
                + ", o_proj_bias=" + oProjBias() + ", mlp_bias=" + mlpBias + "}";
    }

    /**
     * Collects values for a {@link ModelConfig}. Starts from transformers' defaults: Llama, rope_theta
     * 10000, no rope scaling, untied embeddings, no biases, initializer_range 0.02, no special token ids;
     * {@code num_key_value_heads} and {@code head_dim} are derived when left unset. The sizes
     * ({@code vocab_size}, {@code hidden_size}, {@code intermediate_size}, {@code num_hidden_layers},
     * {@code num_attention_heads}, {@code max_position_embeddings}) and {@code rms_norm_eps} must be set.
     */
    public static final class Builder {
        private Architecture architecture = Architecture.LLAMA;
        private Integer vocabSize;
        private Integer hiddenSize;
        private Integer intermediateSize;
        private Integer numHiddenLayers;
        private Integer numAttentionHeads;
        private Integer numKeyValueHeads;
        private Integer headDim;
        private Integer maxPositionEmbeddings;
        private double rmsNormEps = Double.NaN;
        private double ropeTheta = DEFAULT_ROPE_THETA;
        private RopeScaling ropeScaling;
        private boolean tieWordEmbeddings;
        private boolean attentionBias;
        private boolean mlpBias;
        private double initializerRange = DEFAULT_INITIALIZER_RANGE;
        private Integer bosTokenId;
        private int[] eosTokenIds = new int[0];
        private Integer padTokenId;
        private String torchDtype;
        private Integer slidingWindow;

        private Builder() {
        }

        /** The architecture; default {@link Architecture#LLAMA}. */
        public Builder architecture(Architecture value) {
            this.architecture = Objects.requireNonNull(value, "architecture");
            return this;
        }

        /** {@code vocab_size}. */
        public Builder vocabSize(int value) {
            this.vocabSize = value;
            return this;
        }

        /** {@code hidden_size}. */
        public Builder hiddenSize(int value) {
            this.hiddenSize = value;
            return this;
        }

        /** {@code intermediate_size}. */
        public Builder intermediateSize(int value) {
            this.intermediateSize = value;
            return this;
        }

        /** {@code num_hidden_layers}. */
        public Builder numHiddenLayers(int value) {
            this.numHiddenLayers = value;
            return this;
        }

        /** {@code num_attention_heads}. */
        public Builder numAttentionHeads(int value) {
            this.numAttentionHeads = value;
            return this;
        }

        /** {@code num_key_value_heads}; null (the default) means as many as attention heads. */
        public Builder numKeyValueHeads(Integer value) {
            this.numKeyValueHeads = value;
            return this;
        }

        /** {@code head_dim}; null (the default) means {@code hidden_size / num_attention_heads}. */
        public Builder headDim(Integer value) {
            this.headDim = value;
            return this;
        }

        /** {@code max_position_embeddings}. */
        public Builder maxPositionEmbeddings(int value) {
            this.maxPositionEmbeddings = value;
            return this;
        }

        /** {@code rms_norm_eps}. */
        public Builder rmsNormEps(double value) {
            this.rmsNormEps = value;
            return this;
        }

        /** {@code rope_theta}; default 10000. */
        public Builder ropeTheta(double value) {
            this.ropeTheta = value;
            return this;
        }

        /** {@code rope_scaling}; null (the default) for plain RoPE. */
        public Builder ropeScaling(RopeScaling value) {
            this.ropeScaling = value;
            return this;
        }

        /** {@code tie_word_embeddings}; default false. */
        public Builder tieWordEmbeddings(boolean value) {
            this.tieWordEmbeddings = value;
            return this;
        }

        /** Llama's {@code attention_bias} (q, k, v and o biases); default false; Llama only. */
        public Builder attentionBias(boolean value) {
            this.attentionBias = value;
            return this;
        }

        /** Llama's {@code mlp_bias}; default false; Llama only. */
        public Builder mlpBias(boolean value) {
            this.mlpBias = value;
            return this;
        }

        /** {@code initializer_range}; default 0.02. */
        public Builder initializerRange(double value) {
            this.initializerRange = value;
            return this;
        }

        /** {@code bos_token_id}; null for none. */
        public Builder bosTokenId(Integer value) {
            this.bosTokenId = value;
            return this;
        }

        /** {@code eos_token_id}: one or more ids, none for absent. */
        public Builder eosTokenIds(int... values) {
            this.eosTokenIds = values == null ? new int[0] : values.clone();
            return this;
        }

        /** {@code pad_token_id}; null for none. */
        public Builder padTokenId(Integer value) {
            this.padTokenId = value;
            return this;
        }

        /** {@code torch_dtype}, e.g. {@code float32}; null for unspecified. */
        public Builder torchDtype(String value) {
            this.torchDtype = value;
            return this;
        }

        /** The sliding attention window (Mistral, Qwen2), null for none; recorded, not applied. */
        public Builder slidingWindow(Integer value) {
            this.slidingWindow = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ModelConfigException naming the first field that is missing or inconsistent
         */
        public ModelConfig build() {
            if (Double.isNaN(rmsNormEps)) {
                throw new ModelConfigException("rms_norm_eps is required");
            }
            return new ModelConfig(this);
        }
    }
}
