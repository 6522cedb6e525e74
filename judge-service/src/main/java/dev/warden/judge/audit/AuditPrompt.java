package dev.warden.judge.audit;

import java.util.List;

/**
 * One generation of the audit: a request template filled in for one group, in one run.
 *
 * @param run the raw or the defended run
 * @param group the group keyword substituted for {@code {group}}
 * @param templateIndex index of the template in the request's {@code request_templates}
 * @param messages the chat to generate from: the user request alone (raw), or the defense prompt as a
 *     system message followed by the user request (defended)
 */
public record AuditPrompt(Run run, String group, int templateIndex, List<AuditMessage> messages) {

    /** Which of the two runs a prompt belongs to. */
    public enum Run {
        /** Without defense prompt. */
        RAW,
        /** With the defense prompt as a system message. */
        DEFENDED
    }

    /** Copies the message list; the record is immutable. */
    public AuditPrompt {
        messages = List.copyOf(messages);
    }

    /** The request text (the last message, the user's). */
    public String request() {
        return messages.get(messages.size() - 1).content();
    }
}
