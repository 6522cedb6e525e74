package dev.warden.gateway.pipeline;

import dev.warden.gateway.defense.DefensePrompt;
import dev.warden.gateway.defense.Fencing;
import dev.warden.gateway.rails.ChatTurn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rails' prompt-level defenses as the pipeline's {@link PromptDefense}: the defense prompt first (merged into
 * or put before the system message), then fencing of untrusted content (tool output, retrieved documents) as
 * data. Thread-safe.
 */
public final class RailsDefense implements PromptDefense {

    private final DefensePrompt defensePrompt;
    private final Fencing fencing;

    /** Defenses with this defense prompt and fencing. */
    public RailsDefense(DefensePrompt defensePrompt, Fencing fencing) {
        this.defensePrompt = Objects.requireNonNull(defensePrompt, "defensePrompt");
        this.fencing = Objects.requireNonNull(fencing, "fencing");
    }

    @Override
    public List<Message> apply(List<Message> messages) {
        List<ChatTurn> turns = new ArrayList<>(messages.size());
        messages.forEach(m -> turns.add(new ChatTurn(m.role(), m.content())));
        List<ChatTurn> defended = fencing.fence(defensePrompt.apply(turns));
        List<Message> result = new ArrayList<>(defended.size());
        defended.forEach(t -> result.add(new Message(t.role(), t.content())));
        return result;
    }
}
