package dev.warden.model.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Against the published worked examples of Newcombe (1998), Statistics in Medicine 17: 857-872 and 873-890. */
class ProportionsTest {

    @Test
    void wilsonMatchesNewcombesSingleProportionExamples() {
        Interval a = Proportions.wilson(81, 263, Proportions.Z95);
        assertEquals(0.2553, a.low(), 5e-5);
        assertEquals(0.3662, a.high(), 5e-5);
        Interval zero = Proportions.wilson(0, 10, Proportions.Z95);
        assertEquals(0, zero.low());
        assertEquals(0.2775, zero.high(), 5e-5);
        Interval all = Proportions.wilson(10, 10, Proportions.Z95);
        assertEquals(1, all.high());
        assertEquals(0.7225, all.low(), 5e-5);
    }

    @Test
    void newcombeMatchesMethodTenOfTheDifferencePaper() {
        Interval a = Proportions.newcombe(56, 70, 48, 80, Proportions.Z95);
        assertEquals(0.2, a.estimate(), 1e-12);
        assertEquals(0.0524, a.low(), 5e-5);
        assertEquals(0.3339, a.high(), 5e-5);
        Interval b = Proportions.newcombe(9, 10, 3, 10, Proportions.Z95);
        assertEquals(0.1705, b.low(), 5e-5);
        assertEquals(0.8090, b.high(), 5e-5);
        Interval f = Proportions.newcombe(0, 10, 0, 10, Proportions.Z95);
        assertEquals(-0.2775, f.low(), 5e-5);
        assertEquals(0.2775, f.high(), 5e-5);
        assertFalse(f.excludes(0));
        assertTrue(b.excludes(0));
    }

    @Test
    void aGapOfOneInTwentyIsNoEvidenceButTwelveInTwentyIs() {
        assertFalse(Proportions.newcombe(4, 20, 3, 20, Proportions.Z95).excludes(0));
        assertTrue(Proportions.newcombe(12, 20, 1, 20, Proportions.Z95).excludes(0));
        assertTrue(Proportions.newcombe(1, 20, 12, 20, Proportions.Z95).excludes(0));
    }

    @Test
    void countsOutsideTheirRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Proportions.wilson(0, 0, Proportions.Z95));
        assertThrows(IllegalArgumentException.class, () -> Proportions.wilson(3, 2, Proportions.Z95));
        assertThrows(IllegalArgumentException.class, () -> Proportions.newcombe(-1, 2, 0, 2, Proportions.Z95));
    }
}
