package dev.warden.guard.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ibm.icu.text.Normalizer2;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scoring kernel's sums and the fold's ASCII fast path give exactly what the plain computations give. */
class SwarRowSumsTest {

    @Test
    void sumsEqualThePlainSignedSumsAcrossFlushes() {
        for (int width : new int[] {SwarRowSums.ROW, 16, 8, 32}) {
            assertExact(width);
        }
    }

    /** Rows of {@code width} bytes (the heads' 17, or a hidden layer's multiple of 8). */
    private static void assertExact(int width) {
        Random random = new Random(42);
        int rows = 1000;
        byte[] signed = new byte[rows * width];
        for (int i = 0; i < signed.length; i++) {
            signed[i] = (byte) (random.nextInt(255) - 127); // -127..127, extremes included
        }
        signed[0] = 127;
        signed[1] = -127;
        SwarRowSums sums = new SwarRowSums(SwarRowSums.biased(signed), 2, width);
        for (int round = 0; round < 3; round++) {
            sums.reset();
            long[][] expected = new long[2][width];
            int occurrences = 1 + random.nextInt(3000); // several flushes of 256
            for (int k = 0; k < occurrences; k++) {
                int group = random.nextInt(2);
                int bucket = k % 7 == 0 ? 0 : random.nextInt(rows); // row 0 (the extremes) often
                boolean negative = random.nextBoolean();
                sums.add(group, bucket, negative);
                for (int h = 0; h < width; h++) {
                    int w = signed[bucket * width + h];
                    expected[group][h] += negative ? -w : w;
                }
            }
            sums.finish();
            for (int g = 0; g < 2; g++) {
                for (int h = 0; h < width; h++) {
                    assertEquals(expected[g][h], sums.sum(g, h), "width " + width + " group " + g + " column " + h);
                }
            }
            assertEquals(occurrences, sums.count(0) + sums.count(1));
        }
    }

    @Test
    void aRowTableGivesItsSignedRowsBack() {
        Random random = new Random(3);
        for (int width : new int[] {SwarRowSums.ROW, 16, 8, 32}) {
            byte[] signed = new byte[50 * width];
            random.nextBytes(signed);
            assertEquals(java.util.Arrays.toString(signed),
                    java.util.Arrays.toString(RowTable.of(signed, width).signed()), "width " + width);
        }
    }

    @Test
    void biasingTwiceGivesTheSignedWeightsBack() {
        byte[] signed = {-127, -1, 0, 1, 127};
        assertEquals(java.util.Arrays.toString(signed),
                java.util.Arrays.toString(SwarRowSums.biased(SwarRowSums.biased(signed))));
    }

    @Test
    void theFoldsAsciiFastPathEqualsIcu() {
        Normalizer2 icu = Normalizer2.getNFKCCasefoldInstance();
        for (char c = 0; c < 0x80; c++) {
            String text = "Ab" + c + "Z9 " + c + c;
            assertEquals(collapse(icu.normalize(text)), GuardFeatures.fold(text), "char " + (int) c);
        }
        String mixed = "Hello\tWORLD \u00e9t\u00e9 \uff21BC"; // non-ASCII: the ICU path
        assertEquals(collapse(icu.normalize(mixed)), GuardFeatures.fold(mixed));
    }

    /** The fold's whitespace rule: runs of whitespace to one space, a space at each end. */
    static String collapse(String folded) {
        StringBuilder b = new StringBuilder(" ");
        for (char c : folded.toCharArray()) {
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (b.charAt(b.length() - 1) != ' ') {
                    b.append(' ');
                }
            } else {
                b.append(c);
            }
        }
        if (b.charAt(b.length() - 1) != ' ') {
            b.append(' ');
        }
        return b.toString();
    }
}
