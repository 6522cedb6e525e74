package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link PairedRates}: McNemar's exact p against binomial values (scipy's {@code binomtest(b, b + c).pvalue} gives the
 * same), and the paired bootstrap on flags whose discordant rows are known.
 */
class PairedRatesTest {

    @Test
    void mcnemarExactMatchesTheBinomialTest() {
        assertEquals(1.0, PairedRates.mcnemarExact(0, 0));
        assertEquals(1.0, PairedRates.mcnemarExact(0, 1));
        assertEquals(1.0, PairedRates.mcnemarExact(3, 3));
        assertEquals(14.0 / 64, PairedRates.mcnemarExact(1, 5), 1e-12);
        assertEquals(2.0 / 64, PairedRates.mcnemarExact(6, 0), 1e-12);
        assertEquals(0.0022214337732293643, PairedRates.mcnemarExact(10, 30), 1e-12);
        // 1,300 discordant rows: 2^-1300 underflows a double, the log-space sum does not
        assertEquals(0.0060157938610449395, PairedRates.mcnemarExact(600, 700), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> PairedRates.mcnemarExact(-1, 2));
    }

    @Test
    void aModelAgainstItselfDiffersByNothing() {
        boolean[] a = flags(200, 0, 100);
        PairedRates r = PairedRates.of(a, a.clone(), PairedRates.SEED, PairedRates.RESAMPLES);
        assertEquals(new PairedRates(200, 100, 100, 0, 0, 0.0, 0.0, 1.0), r, "difference 0, interval [0, 0], p 1");
        assertEquals(0.0, r.difference());
        assertFalse(r.excludesZero());
    }

    @Test
    void knownDiscordantRowsGiveTheirCountsAndASeededInterval() {
        boolean[] a = flags(200, 0, 100);
        boolean[] b = flags(200, 0, 90);
        for (int i = 100; i < 105; i++) {
            b[i] = true;
        }
        PairedRates r = PairedRates.of(a, b, PairedRates.SEED, PairedRates.RESAMPLES);
        assertEquals(10, r.aOnly());
        assertEquals(5, r.bOnly());
        assertEquals(0.025, r.difference(), 1e-12);
        assertEquals(PairedRates.mcnemarExact(10, 5), r.mcnemar());
        assertTrue(r.low() < 0 && r.high() > r.difference(), r.toString());
        assertFalse(r.excludesZero(), "10 against 5 of 200 rows is not a finding: " + r);
        assertEquals(r, PairedRates.of(a, b, PairedRates.SEED, PairedRates.RESAMPLES), "seeded: the same interval");
    }

    /** 30 rows only A flags of 200: difference 0.15, normal sd sqrt(0.15 * 0.85 / 200) = 0.0252, so about +-0.05. */
    @Test
    void aClearDifferenceExcludesZeroWithTheExpectedWidth() {
        PairedRates r = PairedRates.of(flags(200, 0, 30), new boolean[200], PairedRates.SEED, PairedRates.RESAMPLES);
        assertEquals(0.15, r.difference(), 1e-12);
        assertTrue(r.excludesZero());
        assertTrue(r.low() > 0.09 && r.low() < 0.11, r.toString());
        assertTrue(r.high() > 0.19 && r.high() < 0.21, r.toString());
        assertEquals(Math.pow(2, -29), r.mcnemar(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> PairedRates.of(new boolean[3], new boolean[4], 1, 100));
    }

    /** {@code n} flags, those of rows {@code from..to-1} set. */
    private static boolean[] flags(int n, int from, int to) {
        boolean[] out = new boolean[n];
        for (int i = from; i < to; i++) {
            out[i] = true;
        }
        return out;
    }
}
