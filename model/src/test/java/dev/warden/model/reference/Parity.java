package dev.warden.model.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Helpers shared by the parity tests: moving DJL arrays to Java arrays, building token batches, and
 * comparing against the reference with a message that names the worst element.
 *
 * <p>Legend: B batch, T tokens, X last axis (V or D).
 */
final class Parity {

    private Parity() {
    }

    /** A [B, T, X] float array read back as {@code [B][T][X]}. */
    static float[][][] toJava(NDArray array) {
        Shape s = array.getShape();
        int b = (int) s.get(0);
        int t = (int) s.get(1);
        int x = (int) s.get(2);
        float[] flat = array.toType(DataType.FLOAT32, false).toFloatArray();
        float[][][] out = new float[b][t][x];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                System.arraycopy(flat, (i * t + j) * x, out[i][j], 0, x);
            }
        }
        return out;
    }

    /** Rectangular int64 rows as a [B, T] array. */
    static NDArray longs(NDManager m, int[][] rows) {
        int t = rows[0].length;
        long[] flat = new long[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < t; j++) {
                flat[i * t + j] = rows[i][j];
            }
        }
        return m.create(flat, new Shape(rows.length, t));
    }

    /** {@code n} token ids in [0, vocab), seeded. */
    static int[] randomTokens(int n, int vocab, long seed) {
        Random rng = new Random(seed);
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = rng.nextInt(vocab);
        }
        return tokens;
    }

    /** 0 .. n-1. */
    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /**
     * Asserts {@code |expected - actual| <= tolerance * max(1, |expected|)} elementwise (absolute for values
     * of order one, relative for larger ones), reporting the worst element.
     */
    static void assertClose(double[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double allowed = tolerance * Math.max(1, Math.abs(expected[i]));
            double excess = Math.abs(expected[i] - actual[i]) - allowed;
            if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Double.isNaN(excess))) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(what + ": element " + worst + " expected " + expected[worst] + " but was "
                    + actual[worst] + " (tolerance " + tolerance + ")");
        }
    }

    /** Asserts that logits carry signal (spread of at least {@code min}), so agreement is not vacuous. */
    static void assertNonTrivial(double[] logits, double min, String what) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(hi - lo >= min, what + ": logits spread " + (hi - lo) + " < " + min);
    }
}
