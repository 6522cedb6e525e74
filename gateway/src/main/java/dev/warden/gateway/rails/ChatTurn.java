package dev.warden.gateway.rails;

import java.util.Set;

/**
 * One message of a chat request, as the rails see it.
 *
 * @param role    {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text; null (an assistant turn that only calls tools) is read as empty
 */
public record ChatTurn(String role, String content) {

    /** The operator's instructions. */
    public static final String SYSTEM = "system";
    /** The end user's message. */
    public static final String USER = "user";
    /** A model turn: history, or a prefill when it is the last message. */
    public static final String ASSISTANT = "assistant";
    /** The output of a tool call, untrusted data. */
    public static final String TOOL = "tool";

    private static final Set<String> ROLES = Set.of(SYSTEM, USER, ASSISTANT, TOOL);

    /** Checks the role; reads a null content as empty. */
    public ChatTurn {
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException(
                    "role must be one of system, user, assistant, tool; got " + (role == null ? "null" : "'" + role + "'"));
        }
        content = content == null ? "" : content;
    }

    /** A system message. */
    public static ChatTurn system(String content) {
        return new ChatTurn(SYSTEM, content);
    }

    /** A user message. */
    public static ChatTurn user(String content) {
        return new ChatTurn(USER, content);
    }

    /** An assistant message. */
    public static ChatTurn assistant(String content) {
        return new ChatTurn(ASSISTANT, content);
    }

    /** A tool message. */
    public static ChatTurn tool(String content) {
        return new ChatTurn(TOOL, content);
    }

    /** True for a system message. */
    public boolean isSystem() {
        return SYSTEM.equals(role);
    }

    /** True for a tool message. */
    public boolean isTool() {
        return TOOL.equals(role);
    }
}
