package dev.warden.model.safetensors;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;

/**
 * A read-only set of named tensors: one safetensors file ({@link SafeTensorsFile}) or a sharded
 * checkpoint ({@link ShardedSafeTensors}). Loaders take this interface so they accept either.
 *
 * <p>Reads are memory-mapped: nothing is copied to the heap unless asked ({@link #readFloats}). Buffers
 * returned stay valid after {@link #close()} (the mapping is released when they become unreachable), so
 * closing never invalidates memory a caller still holds. Implementations are safe for concurrent reads.
 */
public interface TensorSource extends AutoCloseable {

    /** @return the {@code __metadata__} strings (unmodifiable, possibly empty) */
    Map<String, String> metadata();

    /** @return all tensor names (unmodifiable, in a stable order) */
    Set<String> names();

    /**
     * @param name tensor name
     * @return true if the source holds a tensor of that name
     */
    default boolean contains(String name) {
        return names().contains(name);
    }

    /**
     * @param name tensor name
     * @return its dtype, shape and byte range
     * @throws TensorNotFoundException if there is no such tensor
     */
    TensorInfo info(String name);

    /**
     * The stored bytes of a tensor, without conversion.
     *
     * @param name tensor name
     * @return a read-only little-endian buffer over exactly the tensor's bytes (position 0, limit = size)
     * @throws TensorNotFoundException if there is no such tensor
     * @throws TensorAccessException if the tensor exceeds 2 GiB (one buffer cannot hold it) or the source
     *         is closed
     */
    ByteBuffer raw(String name);

    /**
     * A tensor's values as floats on the heap, widening F16 and BF16 to F32 in Java (exactly).
     *
     * @param name tensor name
     * @return a new array of {@code elementCount()} floats, row-major
     * @throws TensorNotFoundException if there is no such tensor
     * @throws TensorAccessException if the dtype is not F32, F16 or BF16, or the values do not fit in one
     *         array or in the heap
     */
    float[] readFloats(String name);

    /**
     * A tensor's values as a direct little-endian buffer of f32 values, ready for a native library. For a
     * stored F32 tensor this is the memory-mapped slice itself (read-only, no copy); for F16 and BF16 it
     * is a widened copy in native memory.
     *
     * @param name tensor name
     * @return a direct buffer of {@code 4 * elementCount()} bytes, position 0
     * @throws TensorNotFoundException if there is no such tensor
     * @throws TensorAccessException if the dtype is not F32, F16 or BF16 or the result exceeds 2 GiB
     */
    ByteBuffer readF32Direct(String name);

    /**
     * Widens a run of a tensor's values to f32 into {@code out}: elements {@code firstElement} to
     * {@code firstElement + out.remaining() / 4 - 1} (in storage order) are written little-endian from
     * {@code out}'s position, which does not move. A caller converts a tensor of any size through one small
     * buffer this way, a block at a time.
     *
     * @throws TensorNotFoundException if there is no such tensor
     * @throws TensorAccessException if the dtype is not F32, F16 or BF16, or the run lies outside the tensor
     */
    void readF32(String name, long firstElement, ByteBuffer out);

    /** Releases the file handles. Idempotent; later reads throw {@link TensorAccessException}. */
    @Override
    void close();
}
