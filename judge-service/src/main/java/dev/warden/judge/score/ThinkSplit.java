package dev.warden.judge.score;

/**
 * A response split into its reasoning trace and its final answer. Reasoning models write
 * {@code <think>...</think>} before the answer; some chat templates open the block in the prompt, so the
 * response holds only its end ({@code ...</think> answer}); a response still streaming may hold an
 * unclosed block. Offsets are code points of the response as submitted.
 *
 * @param trace       the text inside the block (empty when there is none)
 * @param traceStart  where the trace starts in the response
 * @param answer      the text after the block (the whole response when there is no block)
 * @param answerStart where the answer starts in the response
 */
public record ThinkSplit(String trace, int traceStart, String answer, int answerStart) {

    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    /** Splits {@code response}. */
    public static ThinkSplit of(String response) {
        int lead = 0;
        while (lead < response.length() && Character.isWhitespace(response.charAt(lead))) {
            lead++;
        }
        int close = response.indexOf(CLOSE);
        if (response.startsWith(OPEN, lead)) {
            int from = lead + OPEN.length();
            if (close < 0) {
                return new ThinkSplit(response.substring(from), cp(response, from), "", cp(response, response.length()));
            }
            return split(response, from, close);
        }
        if (close >= 0) {
            return split(response, 0, close);
        }
        return new ThinkSplit("", 0, response, 0);
    }

    private static ThinkSplit split(String response, int traceFrom, int close) {
        int answerFrom = close + CLOSE.length();
        return new ThinkSplit(response.substring(traceFrom, close), cp(response, traceFrom),
                response.substring(answerFrom), cp(response, answerFrom));
    }

    private static int cp(String s, int charIndex) {
        return s.codePointCount(0, charIndex);
    }

    /** Whether a reasoning block was found. */
    public boolean hasTrace() {
        return !trace.isBlank();
    }
}
