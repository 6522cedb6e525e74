package dev.warden.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.config.RopeFrequencies;

/**
 * Rotary position embedding in the Hugging Face "rotate half" convention: the head dimension is split
 * in two halves {@code x1, x2} and {@code rope(x) = x * cos + concat(-x2, x1) * sin}, where
 * {@code cos = concat(cos(p * inv_freq), cos(p * inv_freq))}. Frequencies (with Llama-3 or linear
 * scaling) come from {@link RopeFrequencies}; the cos/sin tables are computed once in double precision.
 *
 * <p>Legend: B batch, T tokens, N heads (query or key/value), E head dim, P table positions.
 */
public final class RotaryEmbedding {

    private final NDArray cos; // [P, E]
    private final NDArray sin; // [P, E]
    private final int halfDim;
    /** [E, E] signed permutation with {@code x @ rotateHalf = concat(-x2, x1)}: one op instead of four. */
    private final NDArray rotateHalf;

    /** Builds the tables for positions {@code 0 .. config.maxPositionEmbeddings()-1} in {@code manager}. */
    public RotaryEmbedding(ModelConfig config, DataType dtype, NDManager manager) {
        float[] invFreq = RopeFrequencies.inverseFrequencies(config);
        int positions = config.maxPositionEmbeddings();
        int dim = config.headDim();
        this.halfDim = dim / 2;
        float[] cosTable = new float[positions * dim];
        float[] sinTable = new float[positions * dim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < halfDim; i++) {
                // HF computes p * inv_freq in f32; do the same so the angle matches bit for bit.
                float angle = p * invFreq[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cosTable[p * dim + i] = c;
                cosTable[p * dim + halfDim + i] = c;
                sinTable[p * dim + i] = s;
                sinTable[p * dim + halfDim + i] = s;
            }
        }
        float[] rotation = new float[dim * dim]; // row = input index, column = output index
        for (int i = 0; i < halfDim; i++) {
            rotation[(halfDim + i) * dim + i] = -1f; // output i = -x2[i]
            rotation[i * dim + halfDim + i] = 1f; // output E/2 + i = x1[i]
        }
        this.rotateHalf = manager.create(rotation, new Shape(dim, dim)).toType(dtype, false);
        this.cos = manager.create(cosTable, new Shape(positions, dim)).toType(dtype, false);
        this.sin = manager.create(sinTable, new Shape(positions, dim)).toType(dtype, false);
    }

    /** Number of positions the tables cover. */
    public long maxPositions() {
        return cos.getShape().get(0);
    }

    /**
     * The cos and sin factors for the given positions, ready to broadcast over heads.
     *
     * @param positions [B, T] int64
     * @return {cos, sin}, each [B, 1, T, E]
     */
    public NDArray[] factors(NDArray positions) {
        NDArray c = cos.get(new NDIndex("{}", positions)); // [B, T, E]
        NDArray s = sin.get(new NDIndex("{}", positions)); // [B, T, E]
        return new NDArray[] {c.expandDims(1), s.expandDims(1)}; // [B, 1, T, E]
    }

    /**
     * The cos and sin factors for the given positions in the heads-last layout of a fused q/k projection,
     * each head's factors multiplied by its scale (1/sqrt(E) for queries folds the attention scale in).
     *
     * @param positions [B, T] int64
     * @param headScale [N, 1], one factor per head
     * @return {cos, sin}, each [B, T, N, E]
     */
    public NDArray[] scaledFactors(NDArray positions, NDArray headScale) {
        NDArray c = cos.get(new NDIndex("{}", positions)).expandDims(2).mul(headScale); // [B, T, 1, E] * [N, 1]
        NDArray s = sin.get(new NDIndex("{}", positions)).expandDims(2).mul(headScale); // [B, T, N, E]
        return new NDArray[] {c, s};
    }

    /**
     * Rotates {@code x}.
     *
     * @param x [B, N, T, E] (or [B, T, N, E])
     * @param factors from {@link #factors}, [B, 1, T, E] each (or {@link #scaledFactors}, [B, T, N, E])
     * @return [B, N, T, E] (or [B, T, N, E])
     */
    public NDArray apply(NDArray x, NDArray[] factors) {
        NDArray rotated = x.matMul(rotateHalf); // [..., E] x [E, E] -> [..., E] = concat(-x2, x1)
        return x.mul(factors[0]).add(rotated.mul(factors[1]));
    }
}
