package dev.warden.judge.score;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.Arrays;

/** One score in [0, 1] per hazard category, S-code order; immutable. */
public final class CategoryScores {

    private static final CategoryScores ZERO = new CategoryScores(new float[HazardCategory.all().size()]);

    private final float[] scores;

    private CategoryScores(float[] scores) {
        this.scores = scores;
    }

    /** All zero. */
    public static CategoryScores zero() {
        return ZERO;
    }

    /**
     * The given scores (copied), clamped to [0, 1].
     *
     * @throws IllegalArgumentException unless there are exactly fourteen, none NaN
     */
    public static CategoryScores of(float[] scores) {
        if (scores.length != HazardCategory.all().size()) {
            throw new IllegalArgumentException("expected " + HazardCategory.all().size() + " category scores, got "
                    + scores.length);
        }
        float[] copy = new float[scores.length];
        for (int i = 0; i < scores.length; i++) {
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException("category score " + HazardCategory.all().get(i).code() + " is NaN");
            }
            copy[i] = Math.max(0f, Math.min(1f, scores[i]));
        }
        return new CategoryScores(copy);
    }

    /** The score of {@code category}. */
    public float get(HazardCategory category) {
        return scores[category.number() - 1];
    }

    /** The highest score (0 when all are zero). */
    public float max() {
        float m = 0f;
        for (float s : scores) {
            m = Math.max(m, s);
        }
        return m;
    }

    /** The category with the highest score. */
    public HazardCategory top() {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return HazardCategory.all().get(best);
    }

    /** The element-wise maximum of this and {@code other}. */
    public CategoryScores maxWith(CategoryScores other) {
        float[] m = new float[scores.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.max(scores[i], other.scores[i]);
        }
        return new CategoryScores(m);
    }

    /** Every score multiplied by {@code factor} in [0, 1]. */
    public CategoryScores scaled(float factor) {
        float[] m = new float[scores.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = scores[i] * factor;
        }
        return new CategoryScores(m);
    }

    /** A copy of the scores, S-code order. */
    public float[] toArray() {
        return scores.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoryScores c && Arrays.equals(scores, c.scores);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > 0) {
                b.append(b.length() > 1 ? ", " : "").append('S').append(i + 1).append('=')
                        .append(String.format(java.util.Locale.ROOT, "%.2f", scores[i]));
            }
        }
        return b.append('}').toString();
    }
}
