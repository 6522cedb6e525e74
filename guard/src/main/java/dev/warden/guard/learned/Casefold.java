package dev.warden.guard.learned;

import com.ibm.icu.text.Normalizer2;

/**
 * ICU's NFKC_Casefold of a text for {@link GuardFeatures}' fold, asking ICU only about the stretches that hold
 * non-ASCII chars. A prompt with a few curly quotes or bullets in 2 KB of ASCII used to go through ICU whole
 * (~40 us); here its ASCII runs are copied as they are and only each stretch of non-ASCII chars (short ASCII gaps
 * included), with the ASCII char before it, is normalized.
 *
 * <p>Why the result is the same: every ASCII char has a normalization boundary before it
 * ({@link Normalizer2#hasBoundaryBefore}: it does not interact with what precedes it), so a text may be normalized
 * piece by piece, cut before any ASCII char, and the pieces' results concatenated. A non-ASCII run is normalized
 * together with the ASCII char before it, which it may combine with ("e" + U+0301 is "é"). An ASCII char alone
 * folds to itself except the capitals, which fold to their lower case: the caller lower-cases A-Z afterwards
 * (ICU's output holds no capital), as it does on the all-ASCII path. {@code CasefoldTest} compares with ICU's
 * whole-text answer.
 */
final class Casefold {

    private static final Normalizer2 FOLD = Normalizer2.getNFKCCasefoldInstance();
    /** The shortest ASCII run the text is cut at (shorter ones are normalized with the non-ASCII chars around). */
    private static final int GAP = 32;
    /** Whether ICU's data gives every ASCII char a boundary before it (it does; checked rather than assumed). */
    private static final boolean ASCII_BOUNDARIES;
    private static final ThreadLocal<StringBuilder[]> BUFFERS =
            ThreadLocal.withInitial(() -> new StringBuilder[] {new StringBuilder(4096), new StringBuilder(256)});

    static {
        boolean all = true;
        for (int c = 0; c < 0x80; c++) {
            all &= FOLD.hasBoundaryBefore(c);
        }
        ASCII_BOUNDARIES = all;
    }

    private Casefold() {
    }

    /**
     * NFKC_Casefold of {@code text}, except that ASCII capitals outside the normalized stretches may be left as they
     * are; in this thread's buffer (valid until its next call).
     */
    static CharSequence of(CharSequence text) {
        if (!ASCII_BOUNDARIES) {
            return FOLD.normalize(text);
        }
        StringBuilder[] buffers = BUFFERS.get();
        StringBuilder out = buffers[0];
        StringBuilder piece = buffers[1];
        out.setLength(0);
        int n = text.length();
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && text.charAt(j) < 0x80) {
                j++;
            }
            if (j == n) {
                out.append(text, i, n);
                break;
            }
            int start = j > i ? j - 1 : j; // the ASCII char before the run may combine with it
            out.append(text, i, start);
            int end = regionEnd(text, j);
            out.append(FOLD.normalize(text.subSequence(start, end), piece));
            i = end;
        }
        return out;
    }

    /**
     * The end of the stretch ICU normalizes when non-ASCII chars start at {@code from}: the first ASCII char after
     * them that begins a run of at least {@link #GAP} ASCII chars (or ends the text). Shorter ASCII gaps stay inside
     * the stretch: a text in another script has an ASCII space between its words, and one ICU call per word costs
     * more than one for the whole text.
     */
    private static int regionEnd(CharSequence text, int from) {
        int n = text.length();
        int end = from;
        while (true) {
            while (end < n && text.charAt(end) >= 0x80) {
                end++;
            }
            int ascii = end;
            while (ascii < n && text.charAt(ascii) < 0x80 && ascii - end < GAP) {
                ascii++;
            }
            if (ascii == n || text.charAt(ascii) < 0x80) {
                return end;
            }
            end = ascii; // a short gap, then more non-ASCII chars
        }
    }
}
