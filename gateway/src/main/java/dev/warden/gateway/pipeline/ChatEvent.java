package dev.warden.gateway.pipeline;

import dev.warden.proto.v1.TokenLogProb;
import java.util.List;
import java.util.Objects;

/** What a guarded generation emits: text deltas, then exactly one {@link Finish}. */
public sealed interface ChatEvent {

    /**
     * Completion text and the log-probabilities of the tokens that produced it.
     *
     * @param text the text; empty only when the delta carries log-probabilities of tokens whose text inference
     *             held back (an incomplete character, or the start of a possible stop string)
     * @param logprobs one per generated token, when the request asked for {@code logprobs}; else empty
     */
    record Delta(String text, List<TokenLogProb> logprobs) implements ChatEvent {
        /** Checks the text and copies the log-probabilities. */
        public Delta {
            Objects.requireNonNull(text, "text");
            logprobs = List.copyOf(logprobs);
        }
    }

    /**
     * The end of the completion.
     *
     * @param finishReason OpenAI's {@code stop}, {@code length} or {@code content_filter}
     * @param promptTokens tokens of the prompt (inference-service's count, or the gateway's estimate when the
     *                     generation was cut before inference reported it)
     * @param completionTokens tokens generated
     */
    record Finish(String finishReason, int promptTokens, int completionTokens) implements ChatEvent {

        /** OpenAI's finish reason of a response the output rails stopped. */
        public static final String CONTENT_FILTER = "content_filter";

        /** Checks the reason. */
        public Finish {
            Objects.requireNonNull(finishReason, "finishReason");
        }

        /** Whether the output rails cut the response. */
        public boolean cut() {
            return CONTENT_FILTER.equals(finishReason);
        }
    }
}
