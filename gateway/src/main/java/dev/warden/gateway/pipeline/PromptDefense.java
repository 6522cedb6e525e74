package dev.warden.gateway.pipeline;

import java.util.List;

/**
 * Prompt-level defenses applied before generation when the tenant's policy enables them (a defense prompt,
 * untrusted content fenced as data): the one place where they plug into the pipeline. Thread-safe, CPU only.
 */
@FunctionalInterface
public interface PromptDefense {

    /** The messages to send to the model instead of {@code messages}. */
    List<Message> apply(List<Message> messages);

    /** No defense: the messages unchanged. */
    static PromptDefense none() {
        return messages -> messages;
    }
}
