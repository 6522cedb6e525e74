package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OpenAI's {@code usage} object.
 *
 * @param promptTokens tokens of the rendered prompt
 * @param completionTokens tokens generated
 * @param totalTokens the sum
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Usage(int promptTokens, int completionTokens, int totalTokens) {

    /** The usage of {@code prompt} and {@code completion} tokens. */
    public static Usage of(int prompt, int completion) {
        return new Usage(prompt, completion, prompt + completion);
    }
}
