package dev.warden.gateway.pipeline;

import java.util.List;

/** The prompt as one text for the audit trail: each message as {@code role: content}, one per line. */
final class PromptText {

    private PromptText() {
    }

    static String of(List<Message> messages) {
        StringBuilder text = new StringBuilder();
        for (Message m : messages) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(m.role()).append(": ").append(m.content());
        }
        return text.toString();
    }
}
