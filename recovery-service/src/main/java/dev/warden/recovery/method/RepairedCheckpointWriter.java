package dev.warden.recovery.method;

import ai.djl.ndarray.NDArray;
import dev.warden.model.safetensors.SafeTensorsFile;
import dev.warden.model.safetensors.SafeTensorsWriter;
import dev.warden.model.safetensors.ShardIndex;
import dev.warden.model.safetensors.ShardedSafeTensors;
import dev.warden.model.safetensors.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the repaired checkpoint in the fine-tuned checkpoint's own layout: the same shard files with the
 * same metadata, tensor order and dtypes; every tensor the repair did not change copied byte for byte from
 * the memory-mapped fine-tuned file (never decoded), changed tensors encoded from W in their stored dtype
 * (restored values are A's exactly, so narrowing back is exact); config, tokenizer and every other file of
 * the fine-tuned directory copied. Written into {@code <output>.partial} and renamed at the end, so a crash
 * never leaves a half checkpoint under the output name.
 */
public final class RepairedCheckpointWriter {

    private RepairedCheckpointWriter() {
    }

    /**
     * Writes the checkpoint.
     *
     * @param fineTunedDir the fine-tuned checkpoint directory (files to copy)
     * @param source       its tensors, memory-mapped
     * @param changed      W's tensors that differ from F, by name
     * @param output       the directory to create
     */
    public static void write(Path fineTunedDir, ShardedSafeTensors source, Map<String, NDArray> changed, Path output) {
        Path partial = output.resolveSibling(output.getFileName() + ".partial");
        try {
            deleteRecursively(partial);
            Files.createDirectories(partial);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(fineTunedDir)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (Files.isRegularFile(f) && !name.endsWith(".safetensors")) {
                        Files.copy(f, partial.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            for (Map.Entry<String, SafeTensorsFile> shard : source.shards().entrySet()) {
                writeShard(shard.getValue(), changed, partial.resolve(shard.getKey()));
            }
            Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RepairFailedException("cannot write the repaired checkpoint to " + output + ": "
                    + e.getMessage(), e);
        }
    }

    private static void writeShard(SafeTensorsFile shard, Map<String, NDArray> changed, Path target) {
        SafeTensorsWriter writer = new SafeTensorsWriter().metadata(shard.metadata());
        List<TensorInfo> tensors = shard.header().tensors().stream()
                .sorted(Comparator.comparingLong(TensorInfo::begin)).toList();
        for (TensorInfo t : tensors) {
            NDArray values = changed.get(t.name());
            if (values == null) {
                writer.add(t.name(), t.dtype(), t.shape(), shard.raw(t.name())); // byte for byte
            } else {
                writer.add(t.name(), t.dtype(), t.shape(), () -> values.toFloatArray());
            }
        }
        writer.write(target);
    }

    /** The shard file names of a checkpoint directory (for tests and checks). */
    static List<String> shardNames(Path dir) {
        if (Files.isRegularFile(dir.resolve(ShardIndex.FILE_NAME))) {
            return ShardIndex.read(dir.resolve(ShardIndex.FILE_NAME)).weightMap().values().stream().distinct()
                    .sorted().toList();
        }
        return List.of(ShardedSafeTensors.SINGLE_FILE_NAME);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
