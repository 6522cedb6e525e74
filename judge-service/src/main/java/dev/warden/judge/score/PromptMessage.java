package dev.warden.judge.score;

import java.util.Objects;

/**
 * One message of a judged prompt.
 *
 * @param role    who wrote it
 * @param content the text as submitted
 */
public record PromptMessage(Role role, String content) {

    /** The author of a message. */
    public enum Role {
        /** Instructions framing the conversation: context, not judged. */
        SYSTEM,
        /** The human or application asking: judged. */
        USER,
        /** The model's earlier turns: context, not judged. */
        ASSISTANT,
        /** Tool output fed back to the model: untrusted, judged. */
        TOOL
    }

    /** Requires both parts. */
    public PromptMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** Whether the judge scores this message (user and tool messages; the rest is context). */
    public boolean judged() {
        return role == Role.USER || role == Role.TOOL;
    }
}
