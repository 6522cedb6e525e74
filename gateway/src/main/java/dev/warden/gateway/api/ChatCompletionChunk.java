package dev.warden.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One server-sent event of a streamed completion, OpenAI's {@code chat.completion.chunk}: the first carries
 * the role, the following ones text, the last one the finish reason; with {@code stream_options.include_usage}
 * a final chunk with no choices carries the usage.
 *
 * @param id the completion id (the same in every chunk)
 * @param object always {@code chat.completion.chunk}
 * @param created Unix seconds (the same in every chunk)
 * @param model the model name the client asked for
 * @param choices one choice, or none in the usage chunk
 * @param usage only in the usage chunk
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    /**
     * A chunk with one choice.
     *
     * @param logprobs the log-probabilities of the tokens this chunk adds, or null when the request did not ask
     */
    public static ChatCompletionChunk of(String id, long created, String model, Delta delta, ChoiceLogprobs logprobs,
                                         String finishReason) {
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new Choice(0, delta, logprobs, finishReason)), null);
    }

    /** The usage chunk: no choices. */
    public static ChatCompletionChunk usage(String id, long created, String model, Usage usage) {
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(), usage);
    }

    /**
     * The choice of a chunk.
     *
     * @param index always 0
     * @param delta what this chunk adds
     * @param logprobs with {@code logprobs: true}, the log-probabilities of the tokens of this chunk's text; else
     *                 null
     * @param finishReason null until the last chunk
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Choice(int index, Delta delta, ChoiceLogprobs logprobs, String finishReason) {
    }

    /**
     * What a chunk adds; absent fields are left out.
     *
     * @param role {@code assistant} in the first chunk, else null
     * @param content text, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {

        /** The first chunk's delta: the role and no text. */
        public static final Delta START = new Delta("assistant", "");
        /** The last chunk's delta: nothing. */
        public static final Delta EMPTY = new Delta(null, null);

        /** A text delta. */
        public static Delta text(String content) {
            return new Delta(null, content);
        }
    }
}
