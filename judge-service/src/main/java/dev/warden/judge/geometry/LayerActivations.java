package dev.warden.judge.geometry;

import java.util.Arrays;

/**
 * Pooled activations of the safe and the unsafe prompts at one layer (mirrors the proto message
 * {@code warden.v1.LayerActivationSets}, with the flat tensors already split into rows).
 *
 * <p>The arrays are held as given, not copied (they can be large: a few hundred rows of up to 4096
 * values); callers must not change them while a measurement runs. Equality is therefore identity of the
 * arrays. Contents are checked when measured ({@link AlignmentGeometry}), not here.
 *
 * @param layer layer index, >= 0 (see the Pooling convention in common.proto)
 * @param safe activations of the safe prompts, shape [n_safe, d]
 * @param unsafe activations of the unsafe prompts, shape [n_unsafe, d]
 */
public record LayerActivations(int layer, float[][] safe, float[][] unsafe) {

    /**
     * Splits flat row-major tensors into rows, as FloatTensor carries them.
     *
     * @param layer the layer index
     * @param safe the safe activations, flattened, length n_safe * d
     * @param unsafe the unsafe activations, flattened, length n_unsafe * d
     * @param dimension d, > 0
     * @throws IllegalArgumentException when a length is not a multiple of d or d is not positive
     */
    public static LayerActivations ofFlat(int layer, float[] safe, float[] unsafe, int dimension) {
        return new LayerActivations(layer, rows("safe", safe, dimension), rows("unsafe", unsafe, dimension));
    }

    private static float[][] rows(String name, float[] flat, int d) {
        if (d <= 0) {
            throw new IllegalArgumentException("dimension must be > 0, got " + d);
        }
        if (flat == null || flat.length % d != 0) {
            throw new IllegalArgumentException(name + " has " + (flat == null ? 0 : flat.length)
                    + " values, not a multiple of the dimension " + d);
        }
        float[][] rows = new float[flat.length / d][]; // [n, d] from [n * d]
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return rows;
    }
}
