package dev.warden.guard.text;

import java.util.Arrays;

/**
 * Per-thread buffers of {@link TextNormalizer}: the text's chars, the folded chars with their classes and
 * origins, the words, and the output. Reused from call to call so that a normalisation allocates only its
 * result.
 */
final class NormalizerBuffers {

    /** The text being folded, copied out of its String. */
    char[] src = new char[256];
    char[] mid = new char[256];
    /** Per folded char: start code point {@code << TextNormalizer.ORIGIN_SHIFT}, plus the count of attached dropped marks. */
    int[] midOrigin = new int[256];
    byte[] cls = new byte[256];
    int midLength;

    int[] tokStart = new int[64];
    int[] tokEnd = new int[64];
    int[] tokFlags = new int[64];
    int tokenCount;

    char[] out = new char[256];
    int[] outOrigin = new int[256];
    int outLength;

    /** Grows the folded-char buffers to at least {@code n}, keeping the first {@code midLength} entries. */
    void ensureMid(int n) {
        if (src.length < n) {
            src = new char[Math.max(n, src.length * 2)];
        }
        if (mid.length < n) {
            int cap = Math.max(n, mid.length * 2);
            mid = Arrays.copyOf(mid, cap);
            midOrigin = Arrays.copyOf(midOrigin, cap);
            cls = Arrays.copyOf(cls, cap);
        }
    }

    void addToken(int start, int end, int flags) {
        if (tokenCount == tokStart.length) {
            int cap = tokenCount * 2;
            tokStart = Arrays.copyOf(tokStart, cap);
            tokEnd = Arrays.copyOf(tokEnd, cap);
            tokFlags = Arrays.copyOf(tokFlags, cap);
        }
        tokStart[tokenCount] = start;
        tokEnd[tokenCount] = end;
        tokFlags[tokenCount] = flags;
        tokenCount++;
    }

    void ensureOut(int extra) {
        if (outLength + extra > out.length) {
            int cap = Math.max(outLength + extra, out.length * 2);
            out = Arrays.copyOf(out, cap);
            outOrigin = Arrays.copyOf(outOrigin, cap);
        }
    }

    /** Appends one char; the caller has ensured the capacity. */
    void emit(char c, int origin) {
        out[outLength] = c;
        outOrigin[outLength] = origin;
        outLength++;
    }

    /**
     * Copies folded chars [a, b) to the output unchanged; the caller has ensured the capacity. A plain loop:
     * words are short, and three {@code System.arraycopy} calls per word cost more than they save.
     */
    void emitRange(int a, int b) {
        int w = outLength;
        char[] o = out;
        int[] oo = outOrigin;
        for (int p = a; p < b; p++, w++) {
            o[w] = mid[p];
            oo[w] = midOrigin[p];
        }
        outLength = w;
    }
}
