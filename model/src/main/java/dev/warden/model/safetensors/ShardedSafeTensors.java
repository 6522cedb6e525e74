package dev.warden.model.safetensors;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint directory in Hugging Face layout, read as one {@link TensorSource}: either sharded
 * ({@code model.safetensors.index.json} naming the shard of every tensor) or a single
 * {@code model.safetensors}. The index wins when both exist.
 *
 * <p>Opening reads the index, opens (and validates the header of) every shard it names, and checks that
 * every tensor the index names is really in its shard; any failure closes what was opened and throws
 * {@link InvalidSafeTensorsException} naming the index, the tensor and the shard. The tensors exposed
 * are exactly those of the index; a shard's extra tensors are ignored, as loaders that follow the index
 * do. {@link #metadata()} is the index's {@code "metadata"} (scalars as text) for a sharded checkpoint and
 * the file's {@code __metadata__} for a single file.
 */
public final class ShardedSafeTensors implements TensorSource {

    /** Conventional name of a single-file checkpoint. */
    public static final String SINGLE_FILE_NAME = "model.safetensors";

    private final Path directory;
    private final Map<String, String> metadata;
    private final Map<String, SafeTensorsFile> shardOf;
    private final Map<String, SafeTensorsFile> shards;

    private ShardedSafeTensors(Path directory, Map<String, String> metadata, Map<String, SafeTensorsFile> shardOf,
            Map<String, SafeTensorsFile> shards) {
        this.directory = directory;
        this.metadata = metadata;
        this.shardOf = Collections.unmodifiableMap(shardOf);
        this.shards = Collections.unmodifiableMap(shards);
    }

    /**
     * Opens a checkpoint directory.
     *
     * @param directory holds {@code model.safetensors.index.json} or {@code model.safetensors}
     * @return the open checkpoint; close it when done
     * @throws InvalidSafeTensorsException if neither file exists, the index is malformed, a shard is
     *         missing or malformed, or a tensor of the index is absent from its shard
     */
    public static ShardedSafeTensors open(Path directory) {
        Path index = directory.resolve(ShardIndex.FILE_NAME);
        if (Files.isRegularFile(index)) {
            return openIndex(index);
        }
        Path single = directory.resolve(SINGLE_FILE_NAME);
        if (Files.isRegularFile(single)) {
            SafeTensorsFile file = SafeTensorsFile.open(single);
            Map<String, SafeTensorsFile> shardOf = new LinkedHashMap<>();
            for (String name : file.names()) {
                shardOf.put(name, file);
            }
            return new ShardedSafeTensors(directory, file.metadata(), shardOf, Map.of(SINGLE_FILE_NAME, file));
        }
        throw new InvalidSafeTensorsException(directory + ": neither " + ShardIndex.FILE_NAME + " nor "
                + SINGLE_FILE_NAME + " found");
    }

    /**
     * Opens the checkpoint an index file describes; shards are resolved next to it.
     *
     * @param indexFile a {@code model.safetensors.index.json}
     * @return the open checkpoint; close it when done
     * @throws InvalidSafeTensorsException as {@link #open(Path)}
     */
    public static ShardedSafeTensors openIndex(Path indexFile) {
        ShardIndex index = ShardIndex.read(indexFile);
        Path directory = indexFile.toAbsolutePath().getParent();
        Map<String, SafeTensorsFile> shards = new LinkedHashMap<>();
        try {
            Map<String, SafeTensorsFile> shardOf = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : index.weightMap().entrySet()) {
                String shardName = e.getValue();
                SafeTensorsFile shard = shards.get(shardName);
                if (shard == null) {
                    Path shardPath = directory.resolve(shardName);
                    if (!Files.isRegularFile(shardPath)) {
                        throw new InvalidSafeTensorsException(indexFile + ": tensor '" + e.getKey()
                                + "' is in shard " + shardName + ", which does not exist");
                    }
                    shard = SafeTensorsFile.open(shardPath);
                    shards.put(shardName, shard);
                }
                if (!shard.contains(e.getKey())) {
                    throw new InvalidSafeTensorsException(indexFile + ": tensor '" + e.getKey()
                            + "' is indexed in shard " + shardName + " but the shard does not hold it");
                }
                shardOf.put(e.getKey(), shard);
            }
            return new ShardedSafeTensors(directory, index.metadata(), shardOf, shards);
        } catch (RuntimeException | Error e) {
            shards.values().forEach(SafeTensorsFile::close);
            throw e;
        }
    }

    /** @return the checkpoint directory */
    public Path directory() {
        return directory;
    }

    /** @return the open shards by file name, in index order */
    public Map<String, SafeTensorsFile> shards() {
        return shards;
    }

    /**
     * @param name tensor name
     * @return the shard file holding it
     * @throws TensorNotFoundException if there is no such tensor
     */
    public SafeTensorsFile shardOf(String name) {
        SafeTensorsFile shard = shardOf.get(name);
        if (shard == null) {
            throw new TensorNotFoundException(name, directory.toString());
        }
        return shard;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return tensor names in index order */
    @Override
    public Set<String> names() {
        return shardOf.keySet();
    }

    @Override
    public boolean contains(String name) {
        return shardOf.containsKey(name);
    }

    /** @return the tensor's info; offsets are relative to the data block of its shard */
    @Override
    public TensorInfo info(String name) {
        return shardOf(name).info(name);
    }

    @Override
    public ByteBuffer raw(String name) {
        return shardOf(name).raw(name);
    }

    @Override
    public float[] readFloats(String name) {
        return shardOf(name).readFloats(name);
    }

    @Override
    public ByteBuffer readF32Direct(String name) {
        return shardOf(name).readF32Direct(name);
    }

    @Override
    public void readF32(String name, long firstElement, ByteBuffer out) {
        shardOf(name).readF32(name, firstElement, out);
    }

    /** Closes every shard. */
    @Override
    public void close() {
        shards.values().forEach(SafeTensorsFile::close);
    }

    @Override
    public String toString() {
        return "ShardedSafeTensors[" + directory + ", " + shards.size() + " shards, " + shardOf.size() + " tensors]";
    }
}
