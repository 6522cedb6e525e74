package dev.warden.inference.hidden;

/**
 * The pooled activations of every input at one layer, with one pooling.
 *
 * @param layer   layer index (0 = embeddings, k = after decoder layer k-1; no final norm)
 * @param pooling how tokens were pooled
 * @param rows    number of inputs
 * @param columns hidden size
 * @param values  [rows, columns] row-major, inputs in request order
 */
public record PooledActivations(int layer, Pooling pooling, int rows, int columns, float[] values) {
}
