package dev.warden.judge.score;

import java.util.Objects;

/**
 * One text a tier scores, with its context.
 *
 * @param kind       what the text is
 * @param prompt     the judged prompt (user and tool messages); for a prompt subject, also the text
 * @param text       the text scored: the prompt, the response's final answer, or the reasoning trace
 * @param incomplete for a response, whether it is a window of a response still streaming
 */
public record Subject(Kind kind, JudgedText prompt, JudgedText text, boolean incomplete) {

    /** What a subject is. */
    public enum Kind {
        /** A prompt alone (input rail). */
        PROMPT,
        /** A response's final answer, judged with its prompt. */
        RESPONSE,
        /** A reasoning trace, judged with its prompt, apart from the answer. */
        REASONING
    }

    /** Requires every part. */
    public Subject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(text, "text");
    }

    /** The prompt alone. */
    public static Subject prompt(JudgedText prompt) {
        return new Subject(Kind.PROMPT, prompt, prompt, false);
    }

    /** Whether the text is a model's output (a response or a reasoning trace) rather than a prompt. */
    public boolean isOutput() {
        return kind != Kind.PROMPT;
    }
}
