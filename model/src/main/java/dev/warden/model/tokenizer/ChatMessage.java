package dev.warden.model.tokenizer;

import java.util.Objects;
import java.util.Set;

/**
 * One turn of a conversation, as Hugging Face chat templates receive it: a role and its text.
 *
 * @param role one of {@code system}, {@code user}, {@code assistant}, {@code tool}
 * @param content the text of the turn; may be empty, never null
 */
public record ChatMessage(String role, String content) {

    /** The role of a system prompt. */
    public static final String SYSTEM = "system";
    /** The role of the person talking to the model. */
    public static final String USER = "user";
    /** The role of the model. */
    public static final String ASSISTANT = "assistant";
    /** The role of a tool's output fed back to the model. */
    public static final String TOOL = "tool";

    /** Every accepted role. */
    public static final Set<String> ROLES = Set.of(SYSTEM, USER, ASSISTANT, TOOL);

    /** Validates the role and content. */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown chat role '" + role
                    + "'; expected one of system, user, assistant, tool");
        }
    }

    /** A system prompt. */
    public static ChatMessage system(String content) {
        return new ChatMessage(SYSTEM, content);
    }

    /** A user turn. */
    public static ChatMessage user(String content) {
        return new ChatMessage(USER, content);
    }

    /** An assistant turn. */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(ASSISTANT, content);
    }

    /** A tool result. */
    public static ChatMessage tool(String content) {
        return new ChatMessage(TOOL, content);
    }
}
