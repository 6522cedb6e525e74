package dev.warden.judge.score;

/**
 * A span of submitted text that triggered a score.
 *
 * @param source       which text it is in
 * @param messageIndex for a chat prompt, the index of the message holding it; else 0
 * @param start        inclusive start, in code points of the text as submitted
 * @param end          exclusive end, same units
 * @param text         the spanned text
 * @param reason       why it triggered (the lexicon entry or pattern)
 */
public record Span(Source source, int messageIndex, int start, int end, String text, String reason) {

    /** Which submitted text a span points into. */
    public enum Source {
        /** The prompt (a raw text, or the chat message at {@code messageIndex}). */
        PROMPT,
        /** The response's final answer. */
        RESPONSE,
        /** The reasoning trace. */
        REASONING_TRACE
    }
}
