package dev.warden.judge.guard;

/**
 * One chat message of a guard prompt's chat form (mapped onto {@code warden.v1.ChatMessage}).
 *
 * @param role who speaks
 * @param content the text
 */
public record GuardMessage(Role role, String content) {

    /**
     * The roles of a guard prompt's chat form. Llama Guard 3 takes its whole instruction, conversation
     * included, as one user turn and has no system message, so the chat form uses only {@link #USER}.
     */
    public enum Role {
        /** The turn that carries the guard instruction. */
        USER
    }
}
