package dev.warden.recovery.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One GLOBAL top-k over the positive scores of many tensors (no per-tensor quota), exact and deterministic,
 * without ever holding all scores in one array: a two-pass radix select on the float bits (a positive float's
 * bits order like the float, so the top 16 bits pick a bucket and the low 16 bits the exact threshold), then
 * a third pass collects every entry above the threshold and, among entries equal to it, the first ones in
 * (tensor, index) order until there are k.
 *
 * <p>Entries with score 0 or NaN are not eligible: the sign filter gives 0 to every entry it drops.
 */
public final class GlobalTopK {

    /** The scores to select from, one flat array per tensor, recomputable (each pass asks again). */
    public interface Scores {

        /** Number of tensors. */
        int tensors();

        /** The flat scores of tensor {@code t}; the caller does not keep the array beyond one pass. */
        float[] scores(int t);

        /** Scores already computed, one array per tensor. */
        static Scores of(float[][] scores) {
            return new Scores() {
                @Override
                public int tensors() {
                    return scores.length;
                }

                @Override
                public float[] scores(int t) {
                    return scores[t];
                }
            };
        }
    }

    private static final int BUCKETS = 1 << 16;

    private GlobalTopK() {
    }

    /**
     * The selected flat indices of each tensor (ascending), at most {@code k} in all; every eligible entry
     * when fewer than {@code k} are eligible.
     */
    public static List<int[]> select(Scores scores, long k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int n = scores.tensors();
        long[] high = new long[BUCKETS];
        long eligible = 0;
        for (int t = 0; t < n; t++) {
            for (float s : scores.scores(t)) {
                if (s > 0) {
                    high[Float.floatToRawIntBits(s) >>> 16]++;
                    eligible++;
                }
            }
        }
        if (k == 0) {
            return emptySelection(n);
        }
        if (eligible <= k) {
            return collect(scores, 0, 0); // everything eligible (bits >= 0 and s > 0)
        }
        long above = 0;
        int bucket = BUCKETS - 1;
        while (above + high[bucket] < k) {
            above += high[bucket];
            bucket--;
        }
        long[] low = new long[BUCKETS];
        for (int t = 0; t < n; t++) {
            for (float s : scores.scores(t)) {
                int bits = Float.floatToRawIntBits(s);
                if (s > 0 && bits >>> 16 == bucket) {
                    low[bits & 0xFFFF]++;
                }
            }
        }
        int sub = BUCKETS - 1;
        while (above + low[sub] < k) {
            above += low[sub];
            sub--;
        }
        int threshold = (bucket << 16) | sub;
        return collect(scores, threshold, k - above);
    }

    /**
     * Entries whose bits exceed {@code threshold}, plus the first {@code ties} entries whose bits equal it
     * (with {@code ties == 0} and {@code threshold == 0}: every positive entry).
     */
    private static List<int[]> collect(Scores scores, int threshold, long ties) {
        List<int[]> out = new ArrayList<>(scores.tensors());
        long tiesLeft = ties;
        boolean all = threshold == 0 && ties == 0;
        for (int t = 0; t < scores.tensors(); t++) {
            float[] s = scores.scores(t);
            int[] picked = new int[16];
            int count = 0;
            for (int i = 0; i < s.length; i++) {
                if (!(s[i] > 0)) {
                    continue;
                }
                int bits = Float.floatToRawIntBits(s[i]);
                boolean take = all || bits > threshold;
                if (!take && bits == threshold && tiesLeft > 0) {
                    tiesLeft--;
                    take = true;
                }
                if (take) {
                    if (count == picked.length) {
                        picked = Arrays.copyOf(picked, count * 2);
                    }
                    picked[count++] = i;
                }
            }
            out.add(Arrays.copyOf(picked, count));
        }
        return out;
    }

    private static List<int[]> emptySelection(int n) {
        List<int[]> out = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            out.add(new int[0]);
        }
        return out;
    }

    /** Total number of selected entries. */
    public static long count(List<int[]> selection) {
        long c = 0;
        for (int[] s : selection) {
            c += s.length;
        }
        return c;
    }
}
