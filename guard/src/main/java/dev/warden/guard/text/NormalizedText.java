package dev.warden.guard.text;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A text after {@link TextNormalizer}: the normalised string (lower case, separators collapsed to one space,
 * sentence ends to {@code '.'}, decoded payloads appended) and, for every normalised char, the range of
 * code points of the original text it came from, so that a match on the normalised text is reported as a
 * {@link Span} of the text as submitted.
 *
 * <p>Immutable; the offset arrays are never exposed.
 */
public final class NormalizedText {

    private final String original;
    private final String text;
    private final char[] chars;
    /** Per normalised char: start code point {@code << 8}, plus the count of attached dropped marks. */
    private final int[] origin;
    private final int mainLength;
    private final List<DecodedSegment> decoded;
    private final boolean originalBmpOnly;
    /** For an original with supplementary code points: char index of each code point, built on first use. */
    private volatile int[] charIndexOfCodePoint;

    NormalizedText(String original, boolean originalBmpOnly, char[] chars, int[] origin, int mainLength,
            List<DecodedSegment> decoded) {
        if (origin.length != chars.length) {
            throw new IllegalArgumentException("one origin per normalized char: " + chars.length + " chars, "
                    + origin.length + " origins");
        }
        this.original = original;
        this.chars = chars;
        this.text = new String(chars);
        this.origin = origin;
        this.mainLength = mainLength;
        this.decoded = List.copyOf(decoded);
        this.originalBmpOnly = originalBmpOnly;
    }

    /** The text as submitted. */
    public String original() {
        return original;
    }

    /** The normalised text (main part, then each decoded segment after a {@code '.'}). */
    public String text() {
        return text;
    }

    /** Length of the normalised text in chars. */
    public int length() {
        return text.length();
    }

    /** Length of the main part: the normalised text before any appended decoded segment. */
    public int mainLength() {
        return mainLength;
    }

    /** The decoded segments appended after the main part, in order. */
    public List<DecodedSegment> decodedSegments() {
        return decoded;
    }

    /** The decoded segment a normalised char index lies in, if any. */
    public Optional<DecodedSegment> segmentAt(int index) {
        if (index < mainLength) {
            return Optional.empty();
        }
        for (DecodedSegment s : decoded) {
            if (s.containsNormalized(index)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** First original code point (inclusive) behind normalised char {@code index}. */
    public int originalStart(int index) {
        Objects.checkIndex(index, chars.length);
        return origin[index] >>> TextNormalizer.ORIGIN_SHIFT;
    }

    /**
     * Last original code point (exclusive) behind normalised char {@code index}: its own code point and any
     * dropped combining marks after it; for a char of a decoded payload, the end of the encoded segment.
     */
    public int originalEnd(int index) {
        Objects.checkIndex(index, chars.length);
        if (index >= mainLength) {
            for (DecodedSegment s : decoded) {
                if (index < s.normalizedEnd()) {
                    return s.originalEnd();
                }
            }
        }
        int o = origin[index];
        return (o >>> TextNormalizer.ORIGIN_SHIFT) + 1 + (o & TextNormalizer.ATTACHED_MASK);
    }

    /**
     * The span of the original text behind normalised chars {@code [from, to)}, in code points of the
     * original, carrying {@code reason}.
     *
     * @throws IllegalArgumentException when the range is empty or outside the normalised text
     */
    public Span span(int from, int to, String reason) {
        if (from < 0 || to > text.length() || from >= to) {
            throw new IllegalArgumentException("normalized range [" + from + ", " + to + ") is empty or outside [0, "
                    + text.length() + ")");
        }
        int s = Integer.MAX_VALUE;
        int e = 0;
        for (int i = from; i < to; i++) {
            s = Math.min(s, originalStart(i));
            e = Math.max(e, originalEnd(i));
        }
        return new Span(s, e, originalText(s, e), reason);
    }

    /**
     * The original text between two code-point offsets.
     *
     * @throws IndexOutOfBoundsException when the offsets are not inside the original
     */
    public String originalText(int cpStart, int cpEnd) {
        if (originalBmpOnly) {
            return original.substring(cpStart, cpEnd);
        }
        int[] index = charIndexOfCodePoint;
        if (index == null) {
            index = new int[original.codePointCount(0, original.length()) + 1];
            int cp = 0;
            for (int i = 0; i < original.length(); i += Character.charCount(original.codePointAt(i))) {
                index[cp++] = i;
            }
            index[cp] = original.length();
            charIndexOfCodePoint = index;
        }
        Objects.checkFromToIndex(cpStart, cpEnd, index.length - 1);
        return original.substring(index[cpStart], index[cpEnd]);
    }

    /**
     * The same text with the letters a-z rotated by 13 (ROT13), with the same map to the original: a match on
     * the rotated text is reported on the original just like a plain one.
     */
    public NormalizedText rot13() {
        char[] r = chars.clone();
        for (int i = 0; i < r.length; i++) {
            char c = r[i];
            if (c >= 'a' && c <= 'z') {
                r[i] = (char) ('a' + (c - 'a' + 13) % 26);
            }
        }
        return new NormalizedText(original, originalBmpOnly, r, origin, mainLength, decoded);
    }

    /** The normalised chars, shared (not copied) with the matcher of this package; never modified. */
    char[] chars() {
        return chars;
    }

    @Override
    public String toString() {
        return "NormalizedText[" + text + "]";
    }
}
