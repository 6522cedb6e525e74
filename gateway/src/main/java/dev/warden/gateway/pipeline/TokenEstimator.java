package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A cheap, tolerant upper estimate of a chat request's tokens, for the rate limiter before the request is
 * validated: about one token per 4 characters of message text, 4 per message for the chat template, plus the
 * completion budget. The actual counts from inference-service settle the difference (unused tokens are
 * refunded).
 */
public final class TokenEstimator {

    /** Template tokens counted per message. */
    static final int PER_MESSAGE = 4;
    /** Template tokens counted per request (the generation prompt). */
    static final int PER_REQUEST = 3;

    private final int defaultMaxTokens;

    /** An estimator using {@code defaultMaxTokens} when a request sets no (valid) {@code max_tokens}. */
    public TokenEstimator(int defaultMaxTokens) {
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** Estimated prompt tokens of {@code text}: characters / 4, rounded up. */
    public static long textTokens(String text) {
        return (text.length() + 3L) / 4;
    }

    /** Estimated prompt tokens of validated messages (same rule as {@link #chatTokens}, without completion). */
    public long promptTokens(java.util.List<Message> messages) {
        long tokens = PER_REQUEST;
        for (Message m : messages) {
            tokens += PER_MESSAGE + textTokens(m.content());
        }
        return tokens;
    }

    /** Prompt plus completion tokens of a chat request body (any JSON; missing parts count zero). */
    public long chatTokens(JsonNode body) {
        long tokens = PER_REQUEST;
        JsonNode messages = body.path("messages");
        if (messages.isArray()) {
            for (JsonNode message : messages) {
                tokens += PER_MESSAGE + textTokens(contentText(message.path("content")));
            }
        }
        return tokens + completionBudget(body);
    }

    /** The completion budget: {@code max_completion_tokens}, else {@code max_tokens}, else the default. */
    long completionBudget(JsonNode body) {
        for (String name : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = body.path(name);
            if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() > 0) {
                return value.intValue();
            }
        }
        return defaultMaxTokens;
    }

    /** Prompt tokens of moderation input: a string or an array of strings. */
    public long moderationTokens(JsonNode body) {
        JsonNode input = body.path("input");
        if (input.isTextual()) {
            return textTokens(input.textValue());
        }
        long tokens = 0;
        for (JsonNode item : input) {
            tokens += textTokens(item.isTextual() ? item.textValue() : "");
        }
        return tokens;
    }

    /** The text of a message's {@code content}: a string, or the {@code text} of an array of parts. */
    static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.textValue();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                text.append(part.path("text").asText(""));
            }
            return text.toString();
        }
        return "";
    }
}
