package dev.warden.guard.text;

import java.util.List;

/**
 * A text after {@link RuleTextNormalizer#normalise(String)}, with the way back: every char of {@link #text()} knows
 * the code point of the original it came from, so a match found in the normalised text is reported on the
 * caller's text. Immutable.
 */
public final class RuleText {

    private final String original;
    private final String text;
    private final int[] source;
    private final List<Range> joined;
    private final int leetWords;

    RuleText(String original, String text, int[] source, List<Range> joined, int leetWords) {
        this.original = original;
        this.text = text;
        this.source = source;
        this.joined = List.copyOf(joined);
        this.leetWords = leetWords;
    }

    /** How many words were written in leetspeak ("h4ck3r"). */
    public int leetWords() {
        return leetWords;
    }

    /** The caller's text, unchanged. */
    public String original() {
        return original;
    }

    /** The normalised text: lowercase, folded, invisible characters removed, whitespace runs collapsed. */
    public String text() {
        return text;
    }

    /**
     * The code points of the original that produced the normalised chars {@code [from, to)}.
     *
     * @throws IllegalArgumentException when {@code [from, to)} is not a range of {@link #text()}
     */
    public Range originalSpan(int from, int to) {
        if (from < 0 || to < from || to > text.length()) {
            throw new IllegalArgumentException(
                    "range [" + from + ", " + to + ") is outside the normalised text of length " + text.length());
        }
        if (from == to) {
            int at = from < source.length ? source[from] : original.codePointCount(0, original.length());
            return new Range(at, at);
        }
        return new Range(source[from], source[to - 1] + 1);
    }

    /**
     * The ranges of {@link #text()} (char indices) where spaced-out letters were joined ("b-o-m-b" became
     * "bomb"), in order.
     */
    public List<Range> joinedRanges() {
        return joined;
    }

    /** True when the chars {@code [from, to)} of {@link #text()} overlap a joined range. */
    public boolean touchesJoined(int from, int to) {
        for (Range range : joined) {
            if (range.start() < to && from < range.end()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
