package dev.warden.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A padded batch of examples as flat row-major Java arrays, ready to upload. Rotary positions count from
 * each row's first real token, so a row's result does not depend on its padding.
 *
 * <p>Legend: B batch ({@code size}), T columns ({@code length}).
 *
 * @param size      B
 * @param length    T, the longest example
 * @param tokens    [B, T] token ids, {@code padId} in padding
 * @param positions [B, T] rotary positions, 0 in padding
 * @param validity  [B, T] 1 for real tokens, 0 for padding
 * @param lossMask  [B, T] 1 where the token is a response token (a target of the loss), else 0; the
 *                  prediction of column {@code t} is made at column {@code t-1}
 */
public record Batch(int size, int length, long[] tokens, long[] positions, float[] validity, float[] lossMask) {

    /**
     * Pads {@code examples} into one batch.
     *
     * @throws IllegalArgumentException when {@code examples} is empty
     */
    public static Batch of(List<Example> examples, Padding padding, int padId) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        int b = examples.size();
        int t = examples.stream().mapToInt(Example::length).max().orElseThrow();
        long[] tokens = new long[b * t];
        long[] positions = new long[b * t];
        float[] validity = new float[b * t];
        float[] lossMask = new float[b * t];
        java.util.Arrays.fill(tokens, padId);
        for (int row = 0; row < b; row++) {
            Example e = examples.get(row);
            int[] prompt = e.prompt();
            int[] response = e.response();
            int n = prompt.length + response.length;
            int start = row * t + (padding == Padding.LEFT ? t - n : 0);
            for (int i = 0; i < n; i++) {
                boolean inResponse = i >= prompt.length;
                tokens[start + i] = inResponse ? response[i - prompt.length] : prompt[i];
                positions[start + i] = i;
                validity[start + i] = 1f;
                lossMask[start + i] = inResponse ? 1f : 0f;
            }
        }
        return new Batch(b, t, tokens, positions, validity, lossMask);
    }

    /** Number of tokens the loss covers (response tokens of all rows). */
    public int targetCount() {
        int n = 0;
        for (float f : lossMask) {
            n += f > 0 ? 1 : 0;
        }
        return n;
    }

    /** Creates the batch's arrays in {@code manager} (the caller closes them with it). */
    public BatchArrays upload(NDManager manager) {
        Shape shape = new Shape(size, length);
        return new BatchArrays(
                manager.create(tokens, shape),
                manager.create(positions, shape),
                manager.create(validity, shape),
                manager.create(lossMask, shape));
    }
}
