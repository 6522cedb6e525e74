package dev.warden.judge.classifier;

/** Receives the feature occurrences of a text from {@link FeatureHasher#forEach}. */
public interface FeatureSink {

    /**
     * One occurrence of a hashed feature.
     *
     * @param group    {@link FeatureHasher#WORDS} or {@link FeatureHasher#CHARS}
     * @param bucket   the bucket, in {@code [0, 2^bits)}
     * @param negative the hash sign: the occurrence counts -1 instead of +1
     */
    void accept(int group, int bucket, boolean negative);
}
