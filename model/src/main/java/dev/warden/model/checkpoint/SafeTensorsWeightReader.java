package dev.warden.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.llama.TensorReader;
import dev.warden.model.llama.WeightsException;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.TensorInfo;
import dev.warden.model.safetensors.TensorSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads model weights from memory-mapped safetensors into NDArrays on the manager's device.
 *
 * <p>F32 and F16 tensors go from the mapping to the engine without a heap copy. BF16 is widened to f32 in Java
 * (DJL must never see bf16), a block of rows at a time, through one direct buffer of at most
 * {@link #DEFAULT_BLOCK_BYTES} that the reader reuses for every tensor: no f32 copy of a tensor, let alone of the
 * model, exists outside the engine. Every array is then copied into memory the engine owns: DJL aliases a direct
 * buffer rather than copying it, and weights must be writable (training, weight restore) while the mapping is
 * read-only.
 */
public final class SafeTensorsWeightReader implements TensorReader {

    /** The widening buffer's size: 8 MiB of f32 (a block of whole rows; one row when a row is larger). */
    public static final int DEFAULT_BLOCK_BYTES = 8 << 20;

    private final TensorSource source;
    private final int blockBytes;
    private ByteBuffer block;

    /** Reads from {@code source}, which the caller keeps open while loading and closes afterwards. */
    public SafeTensorsWeightReader(TensorSource source) {
        this(source, DEFAULT_BLOCK_BYTES);
    }

    /** Like {@link #SafeTensorsWeightReader(TensorSource)}, widening bf16 through blocks of {@code blockBytes}. */
    SafeTensorsWeightReader(TensorSource source, int blockBytes) {
        if (blockBytes < Float.BYTES) {
            throw new IllegalArgumentException("blockBytes must hold one f32, got " + blockBytes);
        }
        this.source = source;
        this.blockBytes = blockBytes;
    }

    @Override
    public NDArray read(String name, Shape expected, DataType dtype, NDManager manager) {
        if (!source.contains(name)) {
            return null;
        }
        TensorInfo info = source.info(name);
        if (!Arrays.equals(info.shape(), expected.getShape())) {
            throw new WeightsException("tensor '" + name + "' has shape " + Arrays.toString(info.shape())
                    + ", the config implies " + expected);
        }
        DataType stored;
        if (info.dtype() == DType.F32) {
            stored = DataType.FLOAT32;
        } else if (info.dtype() == DType.F16) {
            stored = DataType.FLOAT16;
        } else if (info.dtype() == DType.BF16) {
            return widened(name, expected, dtype, manager);
        } else {
            throw new WeightsException("tensor '" + name + "' has dtype " + info.dtype()
                    + "; model weights must be F32, F16 or BF16");
        }
        try (NDManager staging = manager.newSubManager()) {
            NDArray aliased = staging.create(source.raw(name), expected, stored); // aliases the mapping: read-only
            NDArray owned = stored == dtype ? aliased.duplicate() : aliased.toType(dtype, true);
            owned.attach(manager);
            return owned;
        }
    }

    /**
     * The capacity of the widening buffer, in bytes: 0 before the first bf16 tensor, then the block size (or one
     * row of the widest tensor, when a row is larger), whatever the size of the tensors or the model.
     */
    public int blockCapacity() {
        return block == null ? 0 : block.capacity();
    }

    /** A bf16 tensor widened block by block into an engine array of {@code dtype}. */
    private NDArray widened(String name, Shape expected, DataType dtype, NDManager manager) {
        if (expected.dimension() == 0) {
            throw new WeightsException("tensor '" + name + "' is a scalar; model weights have at least one axis");
        }
        long rows = expected.get(0); // [N, ...]: blocks of whole rows along the first axis
        long rowValues = rows == 0 ? 0 : expected.size() / rows;
        long rowsPerBlock = Math.max(1, blockBytes / Float.BYTES / Math.max(1, rowValues));
        NDArray owned = manager.zeros(expected, dtype);
        try {
            for (long first = 0; first < rows; first += rowsPerBlock) {
                long n = Math.min(rowsPerBlock, rows - first);
                ByteBuffer piece = block(Math.toIntExact(n * rowValues * Float.BYTES));
                source.readF32(name, first * rowValues, piece);
                try (NDManager staging = manager.newSubManager()) {
                    NDArray values = staging.create(piece, new Shape(n).addAll(expected.slice(1)),
                            DataType.FLOAT32); // [n, ...], aliases the block
                    owned.set(new NDIndex("{}:{}", first, first + n),
                            dtype == DataType.FLOAT32 ? values : values.toType(dtype, false));
                }
            }
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
        return owned;
    }

    /** The reused widening buffer's first {@code bytes} bytes, as a buffer of its own starting at index 0. */
    private ByteBuffer block(int bytes) {
        if (block == null || block.capacity() < bytes) { // once (a row larger than a block: once more)
            block = ByteBuffer.allocateDirect(Math.max(bytes, blockBytes)).order(ByteOrder.LITTLE_ENDIAN);
        }
        return block.slice(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
