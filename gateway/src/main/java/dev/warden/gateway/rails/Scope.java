package dev.warden.gateway.rails;

import java.util.Locale;

/** Where a message sits in a request, which decides the rules that apply to it. */
enum Scope {
    /** A user message. */
    USER,
    /** A tool message: untrusted data. */
    TOOL,
    /** An assistant message from the history. */
    ASSISTANT,
    /** The last message, from the assistant: a prefill the model will continue. */
    PREFILL;

    /** The scope of message {@code index} of {@code count}; null for a system message (not scanned). */
    static Scope of(ChatTurn turn, int index, int count) {
        return switch (turn.role()) {
            case ChatTurn.USER -> USER;
            case ChatTurn.TOOL -> TOOL;
            case ChatTurn.ASSISTANT -> index == count - 1 ? PREFILL : ASSISTANT;
            default -> null;
        };
    }

    /** The scope named in a rule file ("user", "tool", "assistant", "prefill"). */
    static Scope parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown role '" + name.trim() + "' (user, tool, assistant, prefill)");
        }
    }
}
