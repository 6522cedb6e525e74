package dev.warden.guard.text;

import java.util.Objects;

/**
 * A span of a text as submitted: offsets in Unicode code points of the original text (before any
 * normalisation), start inclusive, end exclusive, with the spanned text and the reason it was reported.
 *
 * @param start  start offset in code points, inclusive, {@code >= 0}
 * @param end    end offset in code points, exclusive, {@code >= start}
 * @param text   the spanned original text
 * @param reason why the span was reported, e.g. the lexicon entry that matched
 */
public record Span(int start, int end, String text, String reason) {

    /** Checks the offsets and that text and reason are present. */
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("span offsets must satisfy 0 <= start <= end, got [" + start + ", "
                    + end + ")");
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(reason, "reason");
    }

    /** The same span with another reason. */
    public Span withReason(String newReason) {
        return new Span(start, end, text, newReason);
    }

    /** Whether this span and another share at least one code point. */
    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }
}
