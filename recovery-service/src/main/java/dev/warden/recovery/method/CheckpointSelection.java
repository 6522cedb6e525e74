package dev.warden.recovery.method;

import java.util.List;

/**
 * Which saved checkpoint a repair keeps.
 *
 * <p>The paper's rule: walk the checkpoints in order; the first whose task score is at or below the floor is
 * rejected and the one before it is chosen (the last one if none fails; none (step 0) when the first fails).
 * Warden goes further (RECOVERY-METHOD.md, "Selection uses BOTH"): among the checkpoints the paper's rule
 * accepts (those before the first failure), keep the one with the LOWEST harmful rate; ties go to the higher
 * task score, then to the later step (the paper's choice).
 */
public final class CheckpointSelection {

    /**
     * A measured checkpoint.
     *
     * @param step        the step it was saved after
     * @param harmfulRate its harmful rate
     * @param taskScore   its task score
     */
    public record Measured(int step, double harmfulRate, double taskScore) {
    }

    private CheckpointSelection() {
    }

    /** The step the paper's rule picks: 0 when the first checkpoint already fails. */
    public static int paperRule(List<Measured> checkpoints, double floor) {
        int chosen = 0;
        for (Measured c : checkpoints) {
            if (c.taskScore() <= floor) {
                return chosen;
            }
            chosen = c.step();
        }
        return chosen;
    }

    /** The step Warden keeps (see the class comment): 0 when no checkpoint is accepted. */
    public static int select(List<Measured> checkpoints, double floor) {
        Measured best = null;
        for (Measured c : checkpoints) {
            if (c.taskScore() <= floor) {
                break;
            }
            if (best == null || c.harmfulRate() < best.harmfulRate()
                    || c.harmfulRate() == best.harmfulRate() && c.taskScore() >= best.taskScore()) {
                best = c;
            }
        }
        return best == null ? 0 : best.step();
    }
}
