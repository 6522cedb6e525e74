package dev.warden.judge.guard;

/**
 * One turn of the conversation shown to the guard model.
 *
 * @param role who speaks
 * @param text what was said, verbatim (the prompt builder neutralises delimiter look-alikes, see
 *     {@link GuardPrompt})
 */
public record GuardTurn(GuardRole role, String text) {

    /**
     * Both components are required.
     *
     * @throws IllegalArgumentException when one is null
     */
    public GuardTurn {
        if (role == null) {
            throw new IllegalArgumentException("turn role is missing");
        }
        if (text == null) {
            throw new IllegalArgumentException("turn text is missing");
        }
    }

    /** A user turn. */
    public static GuardTurn user(String text) {
        return new GuardTurn(GuardRole.USER, text);
    }

    /** An agent (assistant) turn. */
    public static GuardTurn agent(String text) {
        return new GuardTurn(GuardRole.AGENT, text);
    }
}
