package dev.warden.model.stats;

/**
 * A two-sided confidence interval {@code [low, high]} around a point estimate.
 *
 * @param estimate the point estimate
 * @param low      the lower bound
 * @param high     the upper bound
 */
public record Interval(double estimate, double low, double high) {

    /** Checks the order {@code low <= estimate <= high} (within rounding). */
    public Interval {
        if (!(low <= estimate + 1e-12 && estimate <= high + 1e-12)) {
            throw new IllegalArgumentException("not an interval around its estimate: [" + low + ", " + high + "] ∌ "
                    + estimate);
        }
    }

    /** True when the interval lies entirely above or entirely below {@code value}. */
    public boolean excludes(double value) {
        return low > value || high < value;
    }
}
