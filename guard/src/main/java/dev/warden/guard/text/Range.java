package dev.warden.guard.text;

/**
 * A half-open range {@code [start, end)} of indices into a text. Spans of an original (caller's) text count
 * code points; spans of a {@link RuleText#text() normalised text} count chars. Each method returning a
 * span says which.
 *
 * @param start first index, inclusive, {@code >= 0}
 * @param end   last index, exclusive, {@code >= start}
 */
public record Range(int start, int end) {

    /** Checks {@code 0 <= start <= end}. */
    public Range {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("span needs 0 <= start <= end, got [" + start + ", " + end + ")");
        }
    }

    /** The number of indices covered. */
    public int length() {
        return end - start;
    }

    /** True when the two spans share at least one index. */
    public boolean overlaps(Range other) {
        return start < other.end && other.start < end;
    }

    /**
     * The code points {@code [start, end)} of {@code text} as a string (for spans counting code points).
     *
     * @throws IndexOutOfBoundsException when the span reaches past the end of {@code text}
     */
    public String codePointsOf(String text) {
        int from = text.offsetByCodePoints(0, start);
        return text.substring(from, text.offsetByCodePoints(from, end - start));
    }
}
