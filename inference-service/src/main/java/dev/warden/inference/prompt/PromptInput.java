package dev.warden.inference.prompt;

import dev.warden.model.tokenizer.ChatMessage;
import java.util.List;
import java.util.Objects;

/** An input as a request gives it: raw text, or a conversation for the checkpoint's chat template. */
public sealed interface PromptInput {

    /** Raw text, tokenized as it is (BOS first when the tokenizer adds it: add_bos_token), without a template. */
    record Text(String text) implements PromptInput {
        /** Requires the text. */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A conversation, rendered through the chat template.
     *
     * @param messages            at least one, oldest first
     * @param addGenerationPrompt whether to open the assistant's next turn
     */
    record Chat(List<ChatMessage> messages, boolean addGenerationPrompt) implements PromptInput {
        /** Copies the messages. */
        public Chat {
            messages = List.copyOf(messages);
        }
    }
}
