package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The report's 95% Wilson intervals against known values: Newcombe (1998)'s worked example 81 of 263 is
 * [0.2553, 0.3662], 0 of 10 is [0, 0.2775]; 156 of 182 (the shipped injection recall's size) [0.799, 0.901]
 * and 21 of 1,390 [0.0099, 0.0230] by the closed form (scipy's {@code binomtest(...).proportion_ci("wilson")} agrees).
 */
class RatesTest {

    @Test
    void wilsonIntervalsMatchKnownValues() {
        assertEquals("[0.2553, 0.3662]", Rates.interval(81, 263, 4, 1));
        assertEquals("[0.000, 0.278]", Rates.interval(0, 10, 3, 10));
        assertEquals("[0.799, 0.901]", Rates.interval(156, 182, 3, 1));
        assertEquals("[0.0099, 0.0230]", Rates.interval(21, 1390, 4, 1));
        assertEquals(0.7225, Rates.wilson(10, 10).low(), 5e-5);
        assertEquals(1.0, Rates.wilson(10, 10).high());
    }

    @Test
    void tooFewRowsGiveNoInterval() {
        assertEquals("-", Rates.interval(3, 9, 3, 10));
        assertEquals("-", Rates.interval(0, 0, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Rates.interval(11, 10, 3, 1));
    }
}
