package dev.warden.gateway.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A validated chat completion request (what {@link ChatRequestParser} accepts).
 *
 * @param model the model name asked for
 * @param messages the conversation, at least one message
 * @param stream whether the response is streamed as server-sent events
 * @param includeUsage whether a streamed response ends with a usage chunk ({@code stream_options})
 * @param temperature in [0, 2], or null for the upstream default (1)
 * @param topP in (0, 1], or null for the upstream default (1)
 * @param maxTokens the completion budget (the request's, or the configured default)
 * @param stop stop sequences, possibly empty
 * @param seed the sampling seed, or null
 * @param logprobs whether each completion token is returned with its log-probability
 * @param topLogprobs how many most likely alternatives to return per token, in [0, 20] (needs logprobs)
 */
public record ChatRequest(String model, List<Message> messages, boolean stream, boolean includeUsage,
                          Float temperature, Float topP, int maxTokens, List<String> stop, Long seed,
                          boolean logprobs, int topLogprobs) {

    /** Copies the lists and checks the required parts. */
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be > 0, got " + maxTokens);
        }
        stop = List.copyOf(stop);
    }

    /** The prompt's total length in code points. */
    public int promptChars() {
        return messages.stream().mapToInt(m -> m.content().codePointCount(0, m.content().length())).sum();
    }
}
