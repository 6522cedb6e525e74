package dev.warden.recovery.validate;

import ai.djl.ndarray.types.Shape;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.config.ModelConfigException;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.safetensors.SafeTensorsException;
import dev.warden.model.safetensors.ShardedSafeTensors;
import dev.warden.recovery.error.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a Hugging Face checkpoint directory from its headers, without loading a tensor: a readable
 * {@code config.json} of a supported architecture, well-formed safetensors (single file or sharded with an
 * index), every tensor the config implies present with the implied shape, and (for the aligned model) a
 * {@code tokenizer.json}. Every failure is an {@link InvalidArgumentException} naming the field and the reason.
 */
public final class CheckpointInspector {

    private CheckpointInspector() {
    }

    /**
     * Inspects {@code dir}.
     *
     * @param field          the request field, for messages
     * @param dir            the existing directory (real path)
     * @param needsTokenizer whether {@code tokenizer.json} is required
     */
    public static CheckpointSummary inspect(String field, Path dir, boolean needsTokenizer) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidArgumentException(field, dir + " is not a directory (a checkpoint is a Hugging Face"
                    + " layout directory: config.json, *.safetensors, tokenizer.json)");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new InvalidArgumentException(field, dir + " is not a Hugging Face checkpoint: no config.json");
        }
        ModelConfig config;
        try {
            config = ModelConfig.read(dir);
        } catch (ModelConfigException e) {
            throw new InvalidArgumentException(field, "unusable config.json: " + e.getMessage(), e);
        }
        if (needsTokenizer && !Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new InvalidArgumentException(field, dir + " has no tokenizer.json (the repair renders prompts"
                    + " with the aligned model's tokenizer and chat template)");
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (ShardedSafeTensors tensors = ShardedSafeTensors.open(dir)) {
            for (String name : tensors.names()) {
                shapes.put(name, tensors.info(name).shape());
            }
        } catch (SafeTensorsException e) {
            throw new InvalidArgumentException(field, "corrupt or missing safetensors: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Shape> e : LlamaWeights.expectedShapes(config).entrySet()) {
            long[] want = e.getValue().getShape();
            long[] have = shapes.get(e.getKey());
            if (have == null) {
                throw new InvalidArgumentException(field, "tensor '" + e.getKey() + "' is missing (config.json"
                        + " implies shape " + CheckpointSummary.format(want) + ")");
            }
            if (!Arrays.equals(have, want)) {
                throw new InvalidArgumentException(field, "tensor '" + e.getKey() + "' has shape "
                        + CheckpointSummary.format(have) + ", config.json implies " + CheckpointSummary.format(want));
            }
        }
        return new CheckpointSummary(dir, config, shapes);
    }

    /**
     * Checks that the fine-tuned checkpoint has the aligned one's architecture and exactly its tensors with
     * the same shapes, naming the first difference.
     *
     * @param field the fine-tuned checkpoint's request field
     */
    public static void sameModel(String field, CheckpointSummary aligned, CheckpointSummary fineTuned) {
        if (aligned.config().architecture() != fineTuned.config().architecture()) {
            throw new InvalidArgumentException(field, "architecture " + fineTuned.config().architecture().className()
                    + " differs from the aligned model's " + aligned.config().architecture().className());
        }
        for (Map.Entry<String, long[]> e : aligned.shapes().entrySet()) {
            long[] other = fineTuned.shapes().get(e.getKey());
            if (other == null) {
                throw new InvalidArgumentException(field, "has no tensor '" + e.getKey() + "', which the aligned"
                        + " model has (shape " + CheckpointSummary.format(e.getValue()) + ")");
            }
            if (!Arrays.equals(other, e.getValue())) {
                throw new InvalidArgumentException(field, "tensor '" + e.getKey() + "' has shape "
                        + CheckpointSummary.format(other) + " but " + CheckpointSummary.format(e.getValue())
                        + " in the aligned model");
            }
        }
        for (String name : fineTuned.shapes().keySet()) {
            if (!aligned.shapes().containsKey(name)) {
                throw new InvalidArgumentException(field, "has a tensor '" + name + "' that the aligned model"
                        + " lacks");
            }
        }
    }
}
