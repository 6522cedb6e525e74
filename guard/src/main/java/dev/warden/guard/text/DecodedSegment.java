package dev.warden.guard.text;

import java.util.Objects;

/**
 * An encoded segment of the original text that was decoded, normalised and appended to the normalised text
 * (after a sentence boundary), so that a scan covers the hidden payload too. Every normalised char of the
 * decoded part maps back to the whole encoded segment.
 *
 * @param kind            the encoding
 * @param originalStart   start of the encoded segment in code points of the original, inclusive
 * @param originalEnd     end of the encoded segment in code points of the original, exclusive
 * @param normalizedStart start of the decoded, normalised text inside {@link NormalizedText#text()}, inclusive
 * @param normalizedEnd   end of it, exclusive
 */
public record DecodedSegment(Encoding kind, int originalStart, int originalEnd, int normalizedStart,
        int normalizedEnd) {

    /** Checks the ranges. */
    public DecodedSegment {
        Objects.requireNonNull(kind, "kind");
        if (originalStart < 0 || originalEnd < originalStart || normalizedStart < 0
                || normalizedEnd < normalizedStart) {
            throw new IllegalArgumentException("bad decoded segment ranges: original [" + originalStart + ", "
                    + originalEnd + "), normalized [" + normalizedStart + ", " + normalizedEnd + ")");
        }
    }

    /** Whether a normalised char index lies in the decoded part of this segment. */
    public boolean containsNormalized(int index) {
        return index >= normalizedStart && index < normalizedEnd;
    }
}
