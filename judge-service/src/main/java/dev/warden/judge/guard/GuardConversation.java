package dev.warden.judge.guard;

import java.util.List;

/**
 * The conversation a guard model assesses, oldest turn first; the last turn is the one judged. System
 * prompts and tool output are not turns of a Llama Guard conversation: the caller leaves them out (or
 * folds tool output into the turn it belongs to).
 *
 * @param turns at least one turn
 */
public record GuardConversation(List<GuardTurn> turns) {

    /**
     * Copies the turns.
     *
     * @throws IllegalArgumentException for no turns or a null turn
     */
    public GuardConversation {
        if (turns == null || turns.isEmpty()) {
            throw new IllegalArgumentException("a guard conversation needs at least one turn");
        }
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i) == null) {
                throw new IllegalArgumentException("turns[" + i + "] is missing");
            }
        }
        turns = List.copyOf(turns);
    }

    /** A prompt alone, judged as the user's message (input rail). */
    public static GuardConversation prompt(String prompt) {
        return new GuardConversation(List.of(GuardTurn.user(prompt)));
    }

    /** A response with its prompt, the response judged as the agent's message (output rail). */
    public static GuardConversation response(String prompt, String response) {
        return new GuardConversation(List.of(GuardTurn.user(prompt), GuardTurn.agent(response)));
    }

    /** The role judged: the last turn's. */
    public GuardRole assessedRole() {
        return turns.get(turns.size() - 1).role();
    }
}
