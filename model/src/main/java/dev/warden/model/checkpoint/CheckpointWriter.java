package dev.warden.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.SafeTensorsWriter;
import dev.warden.model.safetensors.ShardIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
        writeWeights(directory, weights, dtype, Long.MAX_VALUE);
    }

    /**
     * Like {@link #writeWeights(Path, LlamaWeights, DType)}, but splits the tensors into shards of at most
     * {@code maxShardBytes} each (a tensor larger than that gets a shard of its own), named as transformers
     * names them ({@code model-00001-of-00003.safetensors}) with a {@code model.safetensors.index.json};
     * a single {@code model.safetensors} when everything fits in one shard.
     */
    public static void writeWeights(Path directory, LlamaWeights weights, DType dtype, long maxShardBytes) {
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
            throw new IllegalArgumentException("weights are stored as F32, F16 or BF16, not " + dtype);
        }
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
        }
        try {
            Files.createDirectories(directory);
            weights.config().writeTo(directory);
            List<List<Map.Entry<String, NDArray>>> shards = shards(weights, dtype, maxShardBytes);
            if (shards.size() == 1) {
                shardWriter(shards.get(0), dtype).write(directory.resolve("model.safetensors"));
                return;
            }
            Map<String, String> weightMap = new LinkedHashMap<>();
            long total = 0;
            for (int i = 0; i < shards.size(); i++) {
                String file = String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, shards.size());
                total += shardWriter(shards.get(i), dtype).write(directory.resolve(file));
                for (Map.Entry<String, NDArray> e : shards.get(i)) {
                    weightMap.put(e.getKey(), file);
                }
            }
            new ShardIndex(Map.of("total_size", Long.toString(total)), weightMap)
                    .write(directory.resolve(ShardIndex.FILE_NAME));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("cannot write checkpoint to " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<List<Map.Entry<String, NDArray>>> shards(LlamaWeights weights, DType dtype, long max) {
        List<List<Map.Entry<String, NDArray>>> shards = new ArrayList<>();
        List<Map.Entry<String, NDArray>> current = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, NDArray> e : weights.byName().entrySet()) {
            long size = e.getValue().getShape().size() * dtype.byteSize();
            if (!current.isEmpty() && bytes + size > max) {
                shards.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(e);
            bytes += size;
        }
        shards.add(current);
        return shards;
    }

    private static SafeTensorsWriter shardWriter(List<Map.Entry<String, NDArray>> tensors, DType dtype) {
        SafeTensorsWriter writer = new SafeTensorsWriter().metadata("format", "pt");
        for (Map.Entry<String, NDArray> e : tensors) {
            NDArray array = e.getValue();
            writer.add(e.getKey(), dtype, array.getShape().getShape(), () -> floats(array));
        }
        return writer;
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
