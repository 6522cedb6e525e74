package dev.warden.guard.learned;

/** Receives the hashed feature occurrences of a text ({@link GuardFeatures#forEach}). */
@FunctionalInterface
public interface FeatureSink {

    /**
     * One occurrence of a hashed feature.
     *
     * @param group    {@link GuardFeatures#WORDS} or {@link GuardFeatures#CHARS}
     * @param bucket   the bucket, in {@code [0, 2^bits)}
     * @param negative the hash sign: the occurrence counts -1 instead of +1
     */
    void accept(int group, int bucket, boolean negative);
}
