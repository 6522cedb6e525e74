package dev.warden.tools.judge.corpus;

/**
 * How much the {@link CorpusGenerator} makes.
 *
 * @param seed    the seed; the same seed and content give the same corpus, byte for byte
 * @param train   counts of the training split
 * @param heldout counts of the held-out split
 */
public record GeneratorSettings(long seed, Counts train, Counts heldout) {

    /** The seed of the shipped corpus. */
    public static final long DEFAULT_SEED = 20261124L;

    /**
     * Example counts of one split (upper bounds: exact duplicates are dropped).
     *
     * @param harmfulPerCategory   harmful prompts per hazard category
     * @param lookalikePerCategory benign lookalike prompts per category resembled
     * @param benign               ordinary benign prompts
     * @param responses            responses with their prompts
     */
    public record Counts(int harmfulPerCategory, int lookalikePerCategory, int benign, int responses) {

        /** Rejects negative counts. */
        public Counts {
            if (harmfulPerCategory < 0 || lookalikePerCategory < 0 || benign < 0 || responses < 0) {
                throw new IllegalArgumentException("example counts must be >= 0, got " + this);
            }
        }
    }

    /** Validates. */
    public GeneratorSettings {
        if (train == null || heldout == null) {
            throw new IllegalArgumentException("both splits need counts");
        }
    }

    /** The settings of the shipped corpus. */
    public static GeneratorSettings defaults() {
        return new GeneratorSettings(DEFAULT_SEED, new Counts(2000, 2400, 42000, 24000),
                new Counts(400, 400, 2800, 6000));
    }

    /** The counts of {@code split}. */
    public Counts counts(Split split) {
        return split == Split.TRAIN ? train : heldout;
    }
}
