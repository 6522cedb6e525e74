package dev.warden.guard.learned;

/**
 * The dense part of a hidden-layer guard model ({@link GuardModel}, "Hidden layer"): from the text's summed
 * embedding {@code s} [H] (the scaled int8 rows of its n-grams, as the linear model sums its head rows),
 * {@code h = ReLU(s + b1)} [H] and {@code logits = W2 h + b2} [K]. Immutable (the arrays are copied).
 *
 * <p>Legend: H hidden units, K heads ({@link GuardHead#COUNT}).
 *
 * @param b1 [H] hidden biases
 * @param w2 [K x H] head weights, row-major by head
 * @param b2 [K] head biases
 */
public record HiddenLayer(float[] b1, float[] w2, float[] b2) {

    /** Validates shapes and copies. */
    public HiddenLayer {
        if (b2.length != GuardHead.COUNT || b1.length == 0 || w2.length != b1.length * b2.length) {
            throw new IllegalArgumentException("need b1 [H], w2 [" + GuardHead.COUNT + " x H], b2 [" + GuardHead.COUNT
                    + "]; got " + b1.length + ", " + w2.length + ", " + b2.length);
        }
        b1 = b1.clone();
        w2 = w2.clone();
        b2 = b2.clone();
    }

    /** H. */
    public int width() {
        return b1.length;
    }

    /**
     * The logits into {@code out} [K] from the summed embedding {@code sums} [H] (overwritten with the hidden
     * activations).
     */
    public void logits(float[] sums, float[] out) {
        int hw = b1.length;
        for (int j = 0; j < hw; j++) {
            sums[j] = Math.max(0f, sums[j] + b1[j]);
        }
        for (int k = 0; k < b2.length; k++) {
            float z = b2[k];
            int row = k * hw;
            for (int j = 0; j < hw; j++) {
                z += w2[row + j] * sums[j];
            }
            out[k] = z;
        }
    }
}
