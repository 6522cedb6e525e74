package dev.warden.recovery.method;

/**
 * The element-wise rules of the method on flat float arrays of one tensor, kept apart from the tensor
 * plumbing so that each can be checked by hand.
 */
public final class SelectionRules {

    private SelectionRules() {
    }

    /**
     * The sign filter of a restore step: {@code |G_i|} where {@code d_i = W_i - A_i != 0} and
     * {@code sign(G_i) == sign(d_i)} (moving W_i toward A_i lowers the loss to first order), 0 elsewhere. An entry
     * already equal to A scores 0 and so is never picked again.
     */
    public static float[] restoreScores(float[] g, float[] w, float[] a) {
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            float d = w[i] - a[i];
            if (d != 0 && g[i] != 0 && Math.signum(g[i]) == Math.signum(d)) {
                out[i] = Math.abs(g[i]);
            }
        }
        return out;
    }

    /**
     * The rollback filter: among the entries restored in THIS step ({@code restored}, flat indices), {@code |B_i|}
     * where {@code sign(B_i) == sign(W_i - F_i)} (moving back toward F lowers the benign loss), 0 elsewhere.
     */
    public static float[] rollbackScores(float[] b, float[] w, float[] f, int[] restored) {
        float[] out = new float[b.length];
        for (int i : restored) {
            float d = w[i] - f[i];
            if (d != 0 && b[i] != 0 && Math.signum(b[i]) == Math.signum(d)) {
                out[i] = Math.abs(b[i]);
            }
        }
        return out;
    }

    /** k of a restore step: {@code ceil(rate * n)}, n the parameters of all decoder layers. */
    public static long restoreCount(double rate, long decoderParameters) {
        return (long) Math.ceil(rate * decoderParameters);
    }

    /** How many of the eligible restores a rollback step reverts: {@code floor(rate * eligible)}. */
    public static long rollbackCount(double rate, long eligible) {
        return (long) Math.floor(rate * eligible);
    }

    /** Number of positive scores. */
    public static long eligible(float[] scores) {
        long n = 0;
        for (float s : scores) {
            if (s > 0) {
                n++;
            }
        }
        return n;
    }
}
