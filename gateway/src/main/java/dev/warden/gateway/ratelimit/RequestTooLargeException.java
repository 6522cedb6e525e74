package dev.warden.gateway.ratelimit;

/**
 * A request asks for more tokens than its key's per-minute token limit: waiting would never admit it, so it
 * is refused outright (OpenAI answers such requests with 429 "Request too large"). An
 * {@link IllegalArgumentException}, so a mapper that knows only bad input still refuses it.
 */
public final class RequestTooLargeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final long tokens;
    private final long tokensPerMinute;

    /** {@code tokens} were asked for under a limit of {@code tokensPerMinute}. */
    public RequestTooLargeException(long tokens, long tokensPerMinute) {
        super("the request needs " + tokens + " tokens but the key's limit is " + tokensPerMinute
                + " tokens per minute: lower max_tokens or shorten the prompt");
        this.tokens = tokens;
        this.tokensPerMinute = tokensPerMinute;
    }

    /** The tokens the request asked for. */
    public long tokens() {
        return tokens;
    }

    /** The key's tokens per minute. */
    public long tokensPerMinute() {
        return tokensPerMinute;
    }
}
