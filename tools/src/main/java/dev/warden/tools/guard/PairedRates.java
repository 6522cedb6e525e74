package dev.warden.tools.guard;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Two models' flags on the same rows, compared pairwise: each model's rate, their difference (A - B) with a paired
 * bootstrap 95% interval, the discordant rows (flagged by one model only) and McNemar's exact two-sided p-value on
 * them. Paired: a resample draws row indices with replacement and both models are read on the same drawn rows, so
 * the interval reflects only the rows on which the models disagree, not the sampling noise they share. The bootstrap
 * is seeded: the same flags give the same interval.
 *
 * @param rows    the rows compared
 * @param aFlags  rows model A flags
 * @param bFlags  rows model B flags
 * @param aOnly   rows A flags and B does not
 * @param bOnly   rows B flags and A does not
 * @param low     the 2.5th percentile of the resampled differences
 * @param high    the 97.5th percentile of the resampled differences
 * @param mcnemar McNemar's exact two-sided p-value ({@link #mcnemarExact})
 */
public record PairedRates(int rows, int aFlags, int bFlags, int aOnly, int bOnly, double low, double high,
                          double mcnemar) {

    /** Resamples of the shipped comparison. */
    public static final int RESAMPLES = 2000;
    /** Seed of the shipped comparison's resamples (the same for every figure). */
    public static final long SEED = 20261207L;

    /** Compares {@code a} and {@code b} (one flag per row, the same rows in the same order). */
    public static PairedRates of(boolean[] a, boolean[] b, long seed, int resamples) {
        if (a.length != b.length || a.length == 0 || resamples < 40) {
            throw new IllegalArgumentException("need the same rows for both models (got " + a.length + " and "
                    + b.length + "), at least one, and at least 40 resamples (got " + resamples + ")");
        }
        int n = a.length;
        int[] d = new int[n];
        int aFlags = 0;
        int bFlags = 0;
        int aOnly = 0;
        int bOnly = 0;
        for (int i = 0; i < n; i++) {
            aFlags += a[i] ? 1 : 0;
            bFlags += b[i] ? 1 : 0;
            d[i] = (a[i] ? 1 : 0) - (b[i] ? 1 : 0);
            aOnly += d[i] > 0 ? 1 : 0;
            bOnly += d[i] < 0 ? 1 : 0;
        }
        double[] diffs = new double[resamples];
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < resamples; r++) {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += d[random.nextInt(n)];
            }
            diffs[r] = (double) sum / n;
        }
        Arrays.sort(diffs);
        int tail = (int) Math.floor(0.025 * resamples);
        return new PairedRates(n, aFlags, bFlags, aOnly, bOnly, diffs[tail], diffs[resamples - 1 - tail],
                mcnemarExact(aOnly, bOnly));
    }

    /** A's rate: the share of the rows it flags. */
    public double rateA() {
        return (double) aFlags / rows;
    }

    /** B's rate. */
    public double rateB() {
        return (double) bFlags / rows;
    }

    /** A's rate minus B's (equal to {@code (aOnly - bOnly) / rows}). */
    public double difference() {
        return (double) (aOnly - bOnly) / rows;
    }

    /** Whether the interval of the difference leaves out 0: only then is the difference a finding. */
    public boolean excludesZero() {
        return low > 0 || high < 0;
    }

    /**
     * McNemar's exact two-sided p-value for {@code b} rows flagged by A only and {@code c} by B only: under "the models
     * are as good", each discordant row is a fair coin, so {@code p = min(1, 2 P(X <= min(b, c)))} with
     * {@code X ~ Binomial(b + c, 1/2)}; 1 without discordant rows.
     */
    public static double mcnemarExact(int b, int c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got " + b + " and " + c);
        }
        int n = b + c;
        int m = Math.min(b, c);
        if (n == 0) {
            return 1;
        }
        // log P(X = k), k = 0..m, rising with k (m <= n/2): sum relative to the last, the largest
        double[] log = new double[m + 1];
        log[0] = -n * Math.log(2);
        for (int k = 1; k <= m; k++) {
            log[k] = log[k - 1] + Math.log(n - k + 1) - Math.log(k);
        }
        double sum = 0;
        for (int k = 0; k <= m; k++) {
            sum += Math.exp(log[k] - log[m]);
        }
        return Math.min(1, 2 * sum * Math.exp(log[m]));
    }
}
