package dev.warden.judge.classifier;

/** Checks for the per-category score arrays of {@link PromptScore} and {@link ResponseScore}. */
final class CategoryVector {

    private CategoryVector() {
    }

    /**
     * A copy of {@code scores} after checking that it holds one probability per category.
     *
     * @throws IllegalArgumentException if the length is not 14 or a score is outside [0, 1]
     */
    static float[] copyOf(float[] scores) {
        if (scores.length != Head.CATEGORIES) {
            throw new IllegalArgumentException("need " + Head.CATEGORIES + " category scores, got " + scores.length);
        }
        for (float s : scores) {
            if (!(s >= 0f && s <= 1f)) {
                throw new IllegalArgumentException("category scores must be probabilities in [0, 1], got " + s);
            }
        }
        return scores.clone();
    }
}
