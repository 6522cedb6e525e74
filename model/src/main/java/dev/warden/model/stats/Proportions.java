package dev.warden.model.stats;

/**
 * Confidence intervals for a binomial proportion and for the difference of two independent proportions:
 * the statistics of a bias audit (per-group refusal rates and the demographic-parity gap between two groups).
 *
 * <ul>
 *   <li>{@link #wilson}: the Wilson score interval (Wilson 1927). Unlike the normal (Wald) interval it stays
 *       inside [0, 1] and keeps its coverage near 0 and 1 and for small samples, where refusal rates of an
 *       audit live.</li>
 *   <li>{@link #newcombe}: Newcombe's hybrid score interval for {@code p1 - p2} (Newcombe 1998, method 10),
 *       built from the two Wilson intervals:
 *       {@code low = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)}, {@code high = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)}.
 *       It is the interval recommended for a difference of proportions with small counts; it is defined
 *       for counts of 0 and n, where Wald collapses to a point.</li>
 * </ul>
 */
public final class Proportions {

    /** The two-sided 95% normal quantile. */
    public static final double Z95 = 1.959963984540054;

    private Proportions() {
    }

    /**
     * The Wilson score interval of {@code successes / trials}.
     *
     * @param z the normal quantile ({@link #Z95} for 95%)
     * @throws IllegalArgumentException unless {@code 0 <= successes <= trials} and {@code trials > 0}
     */
    public static Interval wilson(int successes, int trials, double z) {
        check(successes, trials);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // at 0 and n the closed form gives exactly 0 and 1 up to rounding: clamp
        double low = successes == 0 ? 0 : Math.max(0, centre - half);
        double high = successes == trials ? 1 : Math.min(1, centre + half);
        return new Interval(p, Math.min(low, p), Math.max(high, p));
    }

    /**
     * Newcombe's hybrid score interval of {@code successes1 / trials1 - successes2 / trials2}.
     *
     * @param z the normal quantile ({@link #Z95} for 95%)
     * @throws IllegalArgumentException for counts outside {@code 0 <= successes <= trials}, {@code trials > 0}
     */
    public static Interval newcombe(int successes1, int trials1, int successes2, int trials2, double z) {
        Interval a = wilson(successes1, trials1, z);
        Interval b = wilson(successes2, trials2, z);
        double d = a.estimate() - b.estimate();
        double low = d - Math.sqrt(square(a.estimate() - a.low()) + square(b.high() - b.estimate()));
        double high = d + Math.sqrt(square(a.high() - a.estimate()) + square(b.estimate() - b.low()));
        return new Interval(d, Math.max(-1, low), Math.min(1, high));
    }

    private static double square(double x) {
        return x * x;
    }

    private static void check(int successes, int trials) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials and trials > 0, got " + successes
                    + " of " + trials);
        }
    }
}
