package dev.warden.inference.model;

import ai.djl.ndarray.types.DataType;
import dev.warden.model.safetensors.DType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What clients learn about a loaded model (ModelInfo), grouped by meaning.
 *
 * @param name      the name clients use in {@code model} fields
 * @param source    where the model came from and when it started serving
 * @param shape     its dimensions
 * @param placement where and in which dtype it computes
 * @param tokens    what the tokenizer and template add
 */
public record ModelDescription(String name, Source source, Shape shape, Placement placement, Tokens tokens) {

    /** Checks that every part is present. */
    public ModelDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * The checkpoint.
     *
     * @param architecture   config.json's architecture class, e.g. {@code LlamaForCausalLM}
     * @param modelType      config.json's {@code model_type}, e.g. {@code llama}
     * @param checkpointPath absolute checkpoint directory
     * @param loadedAt       when the model started serving
     */
    public record Source(String architecture, String modelType, Path checkpointPath, Instant loadedAt) {
    }

    /**
     * The dimensions.
     *
     * @param numLayers      decoder layers
     * @param hiddenSize     width of the residual stream
     * @param attentionHeads query heads
     * @param keyValueHeads  key/value heads
     * @param vocabSize      vocabulary size of the model
     * @param contextLength  the longest sequence, prompt plus completion, in tokens
     * @param parameterCount parameters, tied embeddings counted once
     */
    public record Shape(int numLayers, int hiddenSize, int attentionHeads, int keyValueHeads, int vocabSize,
                        int contextLength, long parameterCount) {
    }

    /**
     * Where it computes.
     *
     * @param dtype           the dtype the model computes in
     * @param checkpointDtype the dtype of the stored weights
     * @param device          {@code cpu} or {@code gpu:<index>}
     */
    public record Placement(DataType dtype, DType checkpointDtype, String device) {
    }

    /**
     * The special tokens.
     *
     * @param hasChatTemplate whether the checkpoint ships its own chat template
     * @param bosTokenId      the tokenizer's BOS id, if any
     * @param eosTokenIds     the ids that end a generation
     */
    public record Tokens(boolean hasChatTemplate, OptionalLong bosTokenId, List<Long> eosTokenIds) {

        /** Copies the list. */
        public Tokens {
            eosTokenIds = List.copyOf(eosTokenIds);
        }
    }
}
