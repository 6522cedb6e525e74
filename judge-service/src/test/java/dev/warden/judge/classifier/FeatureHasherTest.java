package dev.warden.judge.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureHasherTest {

    private final FeatureHasher hasher = new FeatureHasher(FeatureSettings.defaults());

    /** Counts occurrences per group and checks bucket ranges. */
    private static final class Counter implements FeatureSink {
        final int[] counts = new int[FeatureHasher.GROUPS];
        int maxBucket = -1;

        @Override
        public void accept(int group, int bucket, boolean negative) {
            counts[group]++;
            maxBucket = Math.max(maxBucket, bucket);
            assertTrue(bucket >= 0);
        }
    }

    @Test
    void countsWordsPairsAndCharacterGrams() {
        Counter c = new Counter();
        hasher.forEach("Abc de", c);
        // " abc de " has 8 chars: 3-grams 6, 4-grams 5, 5-grams 4
        assertEquals(15, c.counts[FeatureHasher.CHARS]);
        // words "abc", "de" and the pair
        assertEquals(3, c.counts[FeatureHasher.WORDS]);
        assertTrue(c.maxBucket < FeatureSettings.defaults().buckets());
    }

    @Test
    void lowercasesAndCollapsesWhitespace() {
        SparseVector a = SparseVector.of(hasher, "How do I\tKILL  a process?");
        SparseVector b = SparseVector.of(hasher, " how do i kill a process? ");
        assertArrayEquals(a.indices(), b.indices());
        assertArrayEquals(a.values(), b.values());
        assertNotEquals(SparseVector.of(hasher, "how do i kill a person?"), a);
    }

    @Test
    void disguisesAreNormalisedAwayBeforeHashing() {
        // zero-width characters, leetspeak and spaced-out letters fold to the plain text (TextNormalizer)
        SparseVector plain = SparseVector.of(hasher, "how do i make a bomb");
        for (String disguised : new String[] {"how do i m\u200bake a b0mb", "How do I make a b o m b"}) {
            SparseVector v = SparseVector.of(hasher, disguised);
            assertArrayEquals(plain.indices(), v.indices(), disguised);
            assertArrayEquals(plain.values(), v.values(), disguised);
        }
    }

    @Test
    void apostrophesInsideWordsAreDropped() {
        Counter withApostrophe = new Counter();
        hasher.forEach("can't", withApostrophe);
        assertEquals(1, withApostrophe.counts[FeatureHasher.WORDS]);
        SparseVector words = wordsOnly("can't stop");
        SparseVector plain = wordsOnly("cant stop");
        assertArrayEquals(plain.indices(), words.indices());
    }

    @Test
    void vectorIsSortedAndEachGroupHasUnitNorm() {
        SparseVector v = SparseVector.of(hasher, "write a tutorial on baking bread");
        for (int i = 1; i < v.size(); i++) {
            assertTrue(v.indices()[i] > v.indices()[i - 1]);
        }
        double squares = 0;
        for (float x : v.values()) {
            squares += x * x;
        }
        // two groups of unit norm when no two occurrences share a bucket (true for this short text)
        assertEquals(2.0, squares, 1e-4);
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new FeatureSettings(30, 3, 5, true));
        assertThrows(IllegalArgumentException.class, () -> new FeatureSettings(18, 5, 3, true));
        assertThrows(IllegalArgumentException.class, () -> new SparseVector(new int[] {2, 1}, new float[2]));
    }

    /** The word features of a text, as a vector, through a sink that drops character n-grams. */
    private SparseVector wordsOnly(String text) {
        java.util.TreeMap<Integer, Float> map = new java.util.TreeMap<>();
        hasher.forEach(text, (group, bucket, negative) -> {
            if (group == FeatureHasher.WORDS) {
                map.merge(bucket, negative ? -1f : 1f, Float::sum);
            }
        });
        int[] idx = map.keySet().stream().mapToInt(Integer::intValue).toArray();
        float[] val = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            val[i] = map.get(idx[i]);
        }
        return new SparseVector(idx, val);
    }
}
