package dev.warden.model.train;

import ai.djl.ndarray.NDArray;

/**
 * A {@link Batch} on the device. Legend: B batch, T columns.
 *
 * @param tokens    [B, T] int64
 * @param positions [B, T] int64
 * @param validity  [B, T] f32, 1 real / 0 padding
 * @param lossMask  [B, T] f32, 1 for response tokens
 */
public record BatchArrays(NDArray tokens, NDArray positions, NDArray validity, NDArray lossMask) {
}
