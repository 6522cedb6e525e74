package dev.warden.judge.audit;

/**
 * One chat message of an audit prompt, as it goes to inference-service (mapped onto
 * {@code warden.v1.ChatMessage}).
 *
 * @param role who speaks
 * @param content the text, verbatim
 */
public record AuditMessage(Role role, String content) {

    /** The roles an audit prompt uses. */
    public enum Role {
        /** The defense prompt of the defended run. */
        SYSTEM,
        /** The request phrased for one group. */
        USER
    }
}
