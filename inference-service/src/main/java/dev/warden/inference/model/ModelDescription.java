package dev.warden.inference.model;

import ai.djl.ndarray.types.DataType;
import dev.warden.model.safetensors.DType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * What clients learn about a loaded model (ModelInfo).
 *
 * @param name              the name clients use in {@code model} fields
 * @param architecture      config.json's architecture class, e.g. {@code LlamaForCausalLM}
 * @param modelType         config.json's {@code model_type}, e.g. {@code llama}
 * @param numLayers         decoder layers
 * @param hiddenSize        width of the residual stream
 * @param attentionHeads    query heads
 * @param keyValueHeads     key/value heads
 * @param vocabSize         vocabulary size of the model
 * @param contextLength     the longest sequence, prompt plus completion, in tokens
 * @param dtype             the dtype the model computes in
 * @param checkpointDtype   the dtype of the stored weights
 * @param device            {@code cpu} or {@code gpu:<index>}
 * @param parameterCount    parameters, tied embeddings counted once
 * @param checkpointPath    absolute checkpoint directory
 * @param loadedAt          when the model started serving
 * @param hasChatTemplate   whether the checkpoint ships its own chat template
 * @param bosTokenId        the tokenizer's BOS id, if any
 * @param eosTokenIds       the ids that end a generation
 */
public record ModelDescription(String name, String architecture, String modelType, int numLayers, int hiddenSize,
        int attentionHeads, int keyValueHeads, int vocabSize, int contextLength, DataType dtype,
        DType checkpointDtype, String device, long parameterCount, Path checkpointPath, Instant loadedAt,
        boolean hasChatTemplate, OptionalLong bosTokenId, List<Long> eosTokenIds) {

    /** Copies the list. */
    public ModelDescription {
        eosTokenIds = List.copyOf(eosTokenIds);
    }
}
