package dev.warden.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.llama.TensorReader;
import dev.warden.model.llama.WeightsException;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.TensorInfo;
import dev.warden.model.safetensors.TensorSource;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads model weights from memory-mapped safetensors into NDArrays on the manager's device.
 *
 * <p>F32 and F16 tensors go from the mapping to the engine without a heap copy; BF16 is widened to F32 in
 * Java first (DJL must never see bf16). Every array is then duplicated into memory the engine owns: DJL
 * aliases a direct buffer rather than copying it, and weights must be writable (training, weight
 * restore) while the mapping is read-only.
 */
public final class SafeTensorsWeightReader implements TensorReader {

    private final TensorSource source;

    /** Reads from {@code source}, which the caller keeps open while loading and closes afterwards. */
    public SafeTensorsWeightReader(TensorSource source) {
        this.source = source;
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
        ByteBuffer data;
        DataType stored;
        if (info.dtype() == DType.F32) {
            data = source.raw(name);
            stored = DataType.FLOAT32;
        } else if (info.dtype() == DType.F16) {
            data = source.raw(name);
            stored = DataType.FLOAT16;
        } else if (info.dtype() == DType.BF16) {
            data = source.readF32Direct(name); // widened in Java
            stored = DataType.FLOAT32;
        } else {
            throw new WeightsException("tensor '" + name + "' has dtype " + info.dtype()
                    + "; model weights must be F32, F16 or BF16");
        }
        try (NDManager staging = manager.newSubManager()) {
            NDArray aliased = staging.create(data, expected, stored); // aliases the mapping: read-only
            NDArray owned = stored == dtype ? aliased.duplicate() : aliased.toType(dtype, true);
            owned.attach(manager);
            return owned;
        }
    }
}
