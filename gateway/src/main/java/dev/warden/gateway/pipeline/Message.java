package dev.warden.gateway.pipeline;

import java.util.Objects;
import java.util.Set;

/**
 * One chat message of a request, validated.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text (text parts joined); empty for an assistant turn that only called tools
 */
public record Message(String role, String content) {

    /** The roles a message may have. */
    public static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    /** Checks the role and the content. */
    public Message {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of system, user, assistant, tool; got '" + role + "'");
        }
        Objects.requireNonNull(content, "content");
    }

    /** A user message. */
    public static Message user(String content) {
        return new Message("user", content);
    }

    /** A system message. */
    public static Message system(String content) {
        return new Message("system", content);
    }
}
