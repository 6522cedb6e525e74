package dev.warden.judge.score;

import dev.warden.guard.text.NormalizedText;
import dev.warden.guard.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text a tier scores, built from one or more submitted texts (the messages of a chat prompt, or one
 * response) joined by blank lines, and the way back: a span found in the joined text, in code points, is
 * located in the submitted text it came from ({@link #locate}). The joined text is normalised once, on first
 * use ({@link #normalized}), and that one result serves every tier and scorer of the judgement.
 */
public final class JudgedText {

    private static final String SEPARATOR = "\n\n";

    private final String text;
    private final List<Segment> segments;
    /** The normalised text, computed on first use; a race computes the same immutable value twice at worst. */
    private NormalizedText normalized;

    /** One submitted text inside the joined one, starting at code point {@code start}. */
    private record Segment(Span.Source source, int messageIndex, String content, int start, int length, int base) {
    }

    private JudgedText(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** A single submitted text. */
    public static JudgedText of(Span.Source source, String content) {
        return builder().add(source, 0, content).build();
    }

    /** A builder joining submitted texts in order. */
    public static Builder builder() {
        return new Builder();
    }

    /** The joined text. */
    public String text() {
        return text;
    }

    /** The joined text through the judge's normaliser ({@link TextNormalizer#standard()}), computed once. */
    public NormalizedText normalized() {
        NormalizedText n = normalized;
        if (n == null) {
            n = TextNormalizer.standard().normalize(text);
            normalized = n;
        }
        return n;
    }

    /** Whether there is nothing to judge. */
    public boolean isEmpty() {
        return text.isEmpty();
    }

    /**
     * The span of joined-text code points {@code [start, end)} in the submitted text holding {@code start},
     * clipped to that text; empty when the range lies in a separator or outside.
     */
    public Optional<Span> locate(int start, int end, String reason) {
        for (Segment s : segments) {
            if (start >= s.start() && start < s.start() + s.length()) {
                int from = start - s.start();
                int to = Math.min(end - s.start(), s.length());
                String content = s.content();
                String spanned = content.substring(content.offsetByCodePoints(0, from),
                        content.offsetByCodePoints(0, to));
                return Optional.of(new Span(s.source(), s.messageIndex(), s.base() + from, s.base() + to, spanned,
                        reason));
            }
        }
        return Optional.empty();
    }

    /** Joins submitted texts. */
    public static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final List<Segment> segments = new ArrayList<>();
        private int codePoints;

        /** Appends one submitted text (empty ones are skipped). */
        public Builder add(Span.Source source, int messageIndex, String content) {
            return add(source, messageIndex, content, 0);
        }

        /**
         * Appends a part of a submitted text that starts at code point {@code base} of it (the answer after a
         * reasoning block the judge split off), so that spans count from the start of the submitted text.
         */
        public Builder add(Span.Source source, int messageIndex, String content, int base) {
            if (content.isEmpty()) {
                return this;
            }
            if (!segments.isEmpty()) {
                text.append(SEPARATOR);
                codePoints += SEPARATOR.length();
            }
            int length = content.codePointCount(0, content.length());
            segments.add(new Segment(source, messageIndex, content, codePoints, length, base));
            text.append(content);
            codePoints += length;
            return this;
        }

        /** The joined text. */
        public JudgedText build() {
            return new JudgedText(text.toString(), List.copyOf(segments));
        }
    }
}
