package dev.warden.judge.rules;

import dev.warden.guard.text.Span;
import dev.warden.judge.score.Stance;
import java.util.List;

/**
 * Whether a response refuses.
 *
 * @param probability in [0, 1] that the response is a refusal
 * @param cues        the refusal and compliance phrases found, in text order, with their reasons
 */
public record RefusalResult(double probability, List<Span> cues) {

    /** Checks the range and copies the cues. */
    public RefusalResult {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("refusal probability must be in [0, 1], got " + probability);
        }
        cues = List.copyOf(cues);
    }

    /** Whether the response counts as a refusal (probability at least 0.5). */
    public boolean isRefusal() {
        return probability >= 0.5;
    }

    /** The stance: refusal or compliance. */
    public Stance stance() {
        return isRefusal() ? Stance.REFUSAL : Stance.COMPLIANCE;
    }
}
