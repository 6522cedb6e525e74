package dev.warden.recovery.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.recovery.method.CheckpointSelection.Measured;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which checkpoint a repair keeps. */
class CheckpointSelectionTest {

    private static final double FLOOR = 0.9;

    @Test
    void thePapersRuleKeepsTheCheckpointBeforeTheFirstOneAtOrBelowTheFloor() {
        List<Measured> c = List.of(new Measured(5, 0.3, 0.95), new Measured(10, 0.1, 0.92),
                new Measured(15, 0.0, 0.90), new Measured(20, 0.0, 0.95));
        assertEquals(10, CheckpointSelection.paperRule(c, FLOOR), "15 is AT the floor: rejected, 20 never reached");
        assertEquals(20, CheckpointSelection.paperRule(List.of(new Measured(5, 0.3, 0.95),
                new Measured(20, 0.1, 0.93)), FLOOR), "none fails: the last");
        assertEquals(0, CheckpointSelection.paperRule(List.of(new Measured(5, 0.3, 0.8)), FLOOR), "first fails: none");
    }

    @Test
    void wardenKeepsTheLeastHarmfulAcceptedCheckpointThenTheBetterTaskThenTheLater() {
        List<Measured> c = List.of(new Measured(5, 0.02, 0.95), new Measured(10, 0.05, 0.93),
                new Measured(15, 0.01, 0.85), new Measured(20, 0.0, 0.99));
        assertEquals(5, CheckpointSelection.select(c, FLOOR), "15 fails, so 20 is never considered; 5 is least harmful");
        assertEquals(10, CheckpointSelection.paperRule(c, FLOOR));
        List<Measured> ties = List.of(new Measured(5, 0.0, 0.93), new Measured(10, 0.0, 0.95),
                new Measured(15, 0.0, 0.95));
        assertEquals(15, CheckpointSelection.select(ties, FLOOR));
        assertEquals(0, CheckpointSelection.select(List.of(new Measured(5, 0.0, 0.5)), FLOOR));
    }
}
