package dev.warden.judge.rules;

import dev.warden.guard.text.Span;
import java.util.List;

/**
 * Bias and stereotype assessment of one text.
 *
 * @param score in [0, 1]; higher means more stereotyping or demeaning generalisation
 * @param spans the spans that triggered the score, in text order, each with its reason
 */
public record BiasResult(double score, List<Span> spans) {

    /** No bias found. */
    public static final BiasResult NONE = new BiasResult(0.0, List.of());

    /** Checks the score range and copies the spans. */
    public BiasResult {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("bias score must be in [0, 1], got " + score);
        }
        spans = List.copyOf(spans);
    }
}
