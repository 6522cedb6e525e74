package dev.warden.judge.score;

import java.util.List;

/**
 * Bias and stereotype assessment of a text.
 *
 * @param score in [0, 1]; higher means more stereotyping or demeaning generalisation
 * @param spans what triggered it, in text order
 */
public record BiasFinding(float score, List<Span> spans) {

    /** Copies the spans. */
    public BiasFinding {
        spans = List.copyOf(spans);
    }

    /** No bias found. */
    public static BiasFinding none() {
        return new BiasFinding(0f, List.of());
    }
}
