package dev.warden.gateway.defense;

import dev.warden.gateway.rails.ChatTurn;
import java.util.ArrayList;
import java.util.List;

/** Puts a preamble in front of a request's instructions: before the first system message, or as a new one. */
final class SystemPreamble {

    private SystemPreamble() {
    }

    /**
     * A copy of {@code messages} whose first system message starts with {@code preamble} (a blank line before
     * the operator's text), or with a system message {@code preamble} in front when there is none.
     */
    static List<ChatTurn> prepend(List<ChatTurn> messages, String preamble) {
        List<ChatTurn> result = new ArrayList<>(messages.size() + 1);
        boolean merged = false;
        for (ChatTurn turn : messages) {
            if (!merged && turn.isSystem()) {
                result.add(ChatTurn.system(turn.content().isBlank() ? preamble : preamble + "\n\n" + turn.content()));
                merged = true;
            } else {
                result.add(turn);
            }
        }
        if (!merged) {
            result.add(0, ChatTurn.system(preamble));
        }
        return List.copyOf(result);
    }

    /** Checks that {@code messages} and its elements are present. */
    static void check(List<ChatTurn> messages) {
        if (messages == null) {
            throw new IllegalArgumentException("messages must not be null");
        }
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) == null) {
                throw new IllegalArgumentException("message " + i + " is null");
            }
        }
    }
}
