package dev.warden.judge.classifier;

/**
 * How text becomes hashed features (see {@link FeatureHasher}); stored with the weights, since weights
 * are only valid for the settings they were trained with.
 *
 * @param bits         log2 of the number of hash buckets (10..24)
 * @param minCharGram  shortest character n-gram (1..maxCharGram)
 * @param maxCharGram  longest character n-gram (minCharGram..8)
 * @param wordBigrams  whether adjacent word pairs are features besides single words
 */
public record FeatureSettings(int bits, int minCharGram, int maxCharGram, boolean wordBigrams) {

    /** The hashing scheme's name; changes whenever the hash functions or the normalisation change. */
    public static final String SCHEME = "warden-hash-v2";

    /** Validates. */
    public FeatureSettings {
        if (bits < 10 || bits > 24) {
            throw new IllegalArgumentException("bits must be in 10..24, got " + bits);
        }
        if (minCharGram < 1 || maxCharGram < minCharGram || maxCharGram > 8) {
            throw new IllegalArgumentException("character n-grams need 1 <= min <= max <= 8, got "
                    + minCharGram + ".." + maxCharGram);
        }
    }

    /** 2^16 buckets, character 3- to 5-grams, word unigrams and bigrams. */
    public static FeatureSettings defaults() {
        return new FeatureSettings(16, 3, 5, true);
    }

    /** The number of buckets, 2^bits. */
    public int buckets() {
        return 1 << bits;
    }
}
