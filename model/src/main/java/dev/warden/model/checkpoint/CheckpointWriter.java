package dev.warden.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.SafeTensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a model in Hugging Face layout: {@code config.json} and {@code model.safetensors} (with
 * {@code __metadata__ {"format": "pt"}} as transformers writes it), plus the tokenizer files copied from
 * another checkpoint when asked. The same loader ({@link LoadedModel}) reads it back.
 */
public final class CheckpointWriter {

    /** The tokenizer and template files a checkpoint may carry, copied when present. */
    public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "chat_template.jinja", "generation_config.json");

    private CheckpointWriter() {
    }

    /**
     * Writes {@code config.json} and {@code model.safetensors} of {@code weights} into {@code directory}
     * (created if needed), storing tensors as {@code dtype} (F32, F16 or BF16). Values are read from the
     * device one tensor at a time, so the heap holds one tensor at most.
     *
     * @throws CheckpointException when the files cannot be written
     */
    public static void writeWeights(Path directory, LlamaWeights weights, DType dtype) {
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
            throw new IllegalArgumentException("weights are stored as F32, F16 or BF16, not " + dtype);
        }
        try {
            Files.createDirectories(directory);
            weights.config().writeTo(directory);
            SafeTensorsWriter writer = new SafeTensorsWriter().metadata("format", "pt");
            for (Map.Entry<String, NDArray> e : weights.byName().entrySet()) {
                NDArray array = e.getValue();
                writer.add(e.getKey(), dtype, array.getShape().getShape(), () -> floats(array));
            }
            writer.write(directory.resolve("model.safetensors"));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("cannot write checkpoint to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Copies the tokenizer and template files of {@code from} that exist into {@code to}. */
    public static void copyTokenizerFiles(Path from, Path to) {
        try {
            Files.createDirectories(to);
            for (String name : TOKENIZER_FILES) {
                Path source = from.resolve(name);
                if (Files.isRegularFile(source)) {
                    Files.copy(source, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot copy tokenizer files from " + from + " to " + to + ": "
                    + e.getMessage(), e);
        }
    }

    private static float[] floats(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray widened = array.toType(DataType.FLOAT32, true)) {
            return widened.toFloatArray();
        }
    }
}
