package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A non-streamed chat completion, OpenAI's {@code chat.completion} object (n = 1: one choice).
 *
 * @param id {@code chatcmpl-...}, also the request id
 * @param object always {@code chat.completion}
 * @param created Unix seconds
 * @param model the model name the client asked for
 * @param choices one choice
 * @param usage token counts
 * @param systemFingerprint always null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage,
                             String systemFingerprint) {

    /**
     * A completion of {@code content} that ended for {@code finishReason}.
     *
     * @param logprobs the tokens' log-probabilities, or null when the request did not ask for them
     */
    public static ChatCompletion of(String id, long created, String model, String content, ChoiceLogprobs logprobs,
                                    String finishReason, Usage usage) {
        return new ChatCompletion(id, "chat.completion", created, model,
                List.of(new Choice(0, new AssistantMessage("assistant", content, null), logprobs, finishReason)), usage,
                null);
    }

    /**
     * One choice.
     *
     * @param index always 0
     * @param message the assistant's message
     * @param logprobs with {@code logprobs: true}, every generated token's log-probability; else null
     * @param finishReason {@code stop}, {@code length} or {@code content_filter}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Choice(int index, AssistantMessage message, ChoiceLogprobs logprobs, String finishReason) {
    }

    /**
     * The assistant's message.
     *
     * @param role always {@code assistant}
     * @param content the completion text
     * @param refusal always null
     */
    public record AssistantMessage(String role, String content, String refusal) {
    }
}
