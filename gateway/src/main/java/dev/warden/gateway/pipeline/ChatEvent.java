package dev.warden.gateway.pipeline;

import java.util.Objects;

/** What a guarded generation emits: text deltas, then exactly one {@link Finish}. */
public sealed interface ChatEvent {

    /** A piece of completion text, released to the client. */
    static Delta delta(String text) {
        return new Delta(text);
    }

    /**
     * Completion text.
     *
     * @param text non-empty
     */
    record Delta(String text) implements ChatEvent {
        /** Checks the text. */
        public Delta {
            Objects.requireNonNull(text, "text");
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
