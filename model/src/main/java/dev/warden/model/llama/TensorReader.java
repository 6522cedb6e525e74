package dev.warden.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Supplies one named tensor of a checkpoint as an NDArray. Implemented over memory-mapped safetensors
 * by the checkpoint loader and by tests over in-memory arrays.
 */
@FunctionalInterface
public interface TensorReader {

    /**
     * Reads tensor {@code name} into {@code manager} with the given dtype.
     *
     * @param expected the shape the model needs; an implementation must reject any other shape
     * @return the tensor, or {@code null} when the checkpoint has no tensor of that name
     * @throws WeightsException when the tensor exists but cannot be read as {@code expected}
     */
    NDArray read(String name, Shape expected, DataType dtype, NDManager manager);
}
