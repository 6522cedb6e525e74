package dev.warden.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class MaskedCrossEntropyTest {

    // B=1, T=4, V=3
    private static final float[] LOGITS = {
        1, 2, 3,
        0, 0, 0,
        2, -1, 0.5f,
        9, 9, 9};
    private static final long[] TOKENS = {0, 1, 2, 1};
    private static final float[] MASK = {0, 0, 1, 1}; // tokens 2 and 3 are targets

    private static double logSoftmax(float[] row, int index) {
        double max = Math.max(row[0], Math.max(row[1], row[2]));
        double sum = 0;
        for (float f : row) {
            sum += Math.exp(f - max);
        }
        return row[index] - max - Math.log(sum);
    }

    @Test
    void averagesTheNegativeLogLikelihoodOfMaskedTargetsOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            float loss = MaskedCrossEntropy.loss(m.create(LOGITS, new Shape(1, 4, 3)),
                    m.create(TOKENS, new Shape(1, 4)), m.create(MASK, new Shape(1, 4))).getFloat();
            // column 1 predicts token 2, column 2 predicts token 1
            double expected = -(logSoftmax(new float[] {0, 0, 0}, 2) + logSoftmax(new float[] {2, -1, 0.5f}, 1)) / 2;
            assertEquals(expected, loss, 1e-5);
        }
    }

    @Test
    void maskedPositionsHaveNoInfluenceAndNoGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(1, 4, 3));
            logits.setRequiresGradient(true);
            NDArray tokens = m.create(TOKENS, new Shape(1, 4));
            NDArray mask = m.create(MASK, new Shape(1, 4));
            float loss;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray l = MaskedCrossEntropy.loss(logits, tokens, mask);
                c.backward(l);
                loss = l.getFloat();
            }
            float[] grad = logits.getGradient().toFloatArray();
            // column 0 predicts a prompt token, column 3 predicts nothing: zero gradient there
            assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOfRange(grad, 0, 3));
            assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOfRange(grad, 9, 12));
            // changing logits of masked columns and the prompt token does not change the loss
            NDArray other = logits.duplicate();
            other.set(new NDIndex("0, 0, :"), 100f);
            other.set(new NDIndex("0, 3, :"), -7f);
            NDArray otherTokens = m.create(new long[] {2, 1, 2, 1}, new Shape(1, 4));
            assertEquals(loss, MaskedCrossEntropy.loss(other, otherTokens, mask).getFloat(), 1e-6);
            // and a mask with no targets gives 0, not NaN
            assertEquals(0f, MaskedCrossEntropy.loss(logits, tokens, m.zeros(new Shape(1, 4))).getFloat(), 1e-9f);
        }
    }
}
