package dev.warden.guard.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.text.Normalizer2;
import dev.warden.guard.SafetyTrainCorpus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The faster feature pass gives exactly the occurrences of the one it replaced: the fold that asks ICU about
 * non-ASCII stretches only ({@link Casefold}) against ICU's fold of the whole text, and the straight-line char
 * 3-5-gram hashing against the general loop (both kept here as the reference), blocks included; on generated
 * tricky texts (combining marks after ASCII letters, Hangul jamo, surrogates, ligatures, other scripts with short
 * and long ASCII gaps) and, when present, on every safety-train row and the 2 KB prompts bench-guard makes of them.
 * With the same occurrences and the exact row sums ({@link SwarRowSumsTest}), the logits are the same floats.
 */
class FoldAndHashEquivalenceTest {

    private static final String[] FRAGMENTS = {
        " ", "  ", "\n", "\t", "a", "e", "E", "A", "Hello", "WORLD", "the quick brown fox jumps over the lazy dog ",
        "x".repeat(31), "y".repeat(32), "Z".repeat(40), "1", "-", ".", "\u0301", "\u0300", "\u030A", "\u0345", "\u20E3",
        "\u0F73", "e\u0301", "E\u0301", "\u00e9", "\u00c9", "\u1100", "\u1161", "\u11A8", "\uAC00", "\uD55C\uAD6D\uC5B4",
        "\uFB01", "\uFF21\uFF22", "\u200B", "\u00AD", "\u00DF", "\u0130", "\u03A3", "\u03C3", "\u0418\u0434\u0438",
        "\u043f\u0440\u0438\u0432\u0435\u0442 ", "\u65E5\u672C\u8A9E", "\uD83D\uDE00", "\uD800", "\uDC00", "\u3000",
        "\u2028", "\u00A0", "\u2022\u2022", "\u201Cquoted\u201D", "\u2019s", "\u1E9B\u0323", "\u0627\u0644\u0639",
        "\uFDFA", "\u2460", "\uD835\uDC00", "\u212B", "K\u0327", "\u0041\u030A\u0301",
    };

    private static final Normalizer2 ICU = Normalizer2.getNFKCCasefoldInstance();
    private static final GuardFeatures SHIPPED = new GuardFeatures(18, 3, 5);
    private static final GuardFeatures OTHER = new GuardFeatures(12, 2, 4);

    @Test
    void sameFoldAndOccurrencesOnTrickyTexts() {
        Random random = new Random(20261208);
        int nonAscii = 0;
        for (int t = 0; t < 20_000; t++) {
            StringBuilder b = new StringBuilder();
            int parts = 1 + random.nextInt(30);
            for (int p = 0; p < parts; p++) {
                b.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            String text = b.toString();
            nonAscii += text.chars().anyMatch(c -> c >= 0x80) ? 1 : 0;
            assertSame(text);
        }
        assertTrue(nonAscii > 15_000, nonAscii + " texts with non-ASCII chars");
    }

    @Test
    void sameOnTheSafetyTrainCorpus() {
        SafetyTrainCorpus.checkEveryRowAndPrompt(FoldAndHashEquivalenceTest::assertSame);
    }

    private static void assertSame(String text) {
        String folded = oldFold(text);
        assertEquals(folded, GuardFeatures.fold(text), () -> "fold of: " + text);
        for (GuardFeatures features : new GuardFeatures[] {SHIPPED, OTHER}) {
            for (int blockChars : new int[] {0, 7, 100}) {
                GuardFeatures.Occurrences o = features.occurrences(text, blockChars);
                Reference expected = oldCharGrams(features, folded, blockChars, o.words);
                assertArrayEquals(expected.values, Arrays.copyOfRange(o.values, o.words, o.size),
                        () -> features + " blocks " + blockChars + " of: " + text);
                if (blockChars > 0) {
                    assertArrayEquals(expected.blocks, Arrays.copyOf(o.charBlocks, o.blocks + 1),
                            () -> "char blocks of: " + text);
                }
            }
        }
    }

    /** The fold as it was: ICU's NFKC_Casefold of the whole text, whitespace collapsed, a space at each end. */
    private static String oldFold(String text) {
        return SwarRowSumsTest.collapse(ICU.normalize(text)); // ICU's output holds no capital to lower-case
    }

    private record Reference(int[] values, int[] blocks) {
    }

    /**
     * The char n-gram occurrences as the general loop wrote them (GuardFeatures before the straight-line 3-5-gram
     * path), after {@code words} word occurrences; the blocks' starts with {@code blockChars > 0}.
     */
    private static Reference oldCharGrams(GuardFeatures f, String folded, int blockChars, int words) {
        char[] buf = folded.toCharArray();
        int length = buf.length;
        int keep = (f.buckets() - 1) | SwarRowSums.NEGATIVE;
        int blocks = blockChars > 0 ? (length + blockChars - 1) / blockChars : 0;
        int[] starts = new int[blocks + 1];
        List<Integer> out = new ArrayList<>();
        int block = 0;
        int nextBlock = 0;
        for (int start = 0; start + f.minGram() <= length; start++) {
            if (start == nextBlock && block < blocks) {
                starts[block++] = words + out.size();
                nextBlock += blockChars;
            }
            int h = 0x2545F491;
            int end = Math.min(length, start + f.maxGram());
            for (int k = start; k < end; k++) {
                h = (h ^ buf[k]) * 0x01000193;
                int g = k - start + 1;
                if (g >= f.minGram()) {
                    out.add(GuardFeatures.fmix(h + g * 0x9E3779B9) & keep);
                }
            }
        }
        while (block <= blocks && blocks > 0) {
            starts[block++] = words + out.size();
        }
        return new Reference(out.stream().mapToInt(Integer::intValue).toArray(), starts);
    }
}
