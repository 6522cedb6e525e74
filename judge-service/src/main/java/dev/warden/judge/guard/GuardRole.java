package dev.warden.judge.guard;

/**
 * A speaker in a guard-model conversation, with the label Llama Guard 3 uses for it. The role of the last
 * turn is the one assessed: {@link #USER} for a prompt alone (input rail), {@link #AGENT} for a response
 * (output rail).
 */
public enum GuardRole {
    /** The human or application asking (a chat's user turns). */
    USER("User"),
    /** The model answering (a chat's assistant turns). */
    AGENT("Agent");

    private final String label;

    GuardRole(String label) {
        this.label = label;
    }

    /** "User" or "Agent", as written in the prompt. */
    public String label() {
        return label;
    }
}
