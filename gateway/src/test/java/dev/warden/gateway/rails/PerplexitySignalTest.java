package dev.warden.gateway.rails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PerplexitySignalTest {

    private static float[] logprobs(int head, float headLp, int tail, float tailLp) {
        float[] lp = new float[head + tail];
        Arrays.fill(lp, 0, head, headLp);
        Arrays.fill(lp, head, head + tail, tailLp);
        return lp;
    }

    @Test
    void naturalTextScoresZero() {
        PerplexitySignal signal = PerplexitySignal.fromTokenLogprobs(logprobs(30, -3f, 20, -3.2f));
        assertEquals(0.0, signal.score());
        assertFalse(signal.suspicious());
        assertEquals(3.0, signal.headNll(), 1e-6);
        assertEquals(3.2, signal.tailNll(), 1e-6);
        assertEquals(20, signal.tailTokens());
    }

    @Test
    void anImprobableTailAfterANaturalHeadScoresOne() {
        PerplexitySignal signal = PerplexitySignal.fromTokenLogprobs(logprobs(30, -2.5f, 20, -8.5f));
        assertEquals(1.0, signal.score());
        assertTrue(signal.suspicious());
    }

    @Test
    void scoreFollowsTheRamps() {
        // tail 6.25 nats: halfway up 5.0..7.5; contrast 4.25: saturated -> min is 0.5
        assertEquals(0.5, PerplexitySignal.fromTokenLogprobs(logprobs(30, -2f, 20, -6.25f)).score(), 1e-6);
        // tail saturated but contrast 2.5 nats: halfway up 1.5..3.5
        assertEquals(0.5, PerplexitySignal.fromTokenLogprobs(logprobs(30, -5.5f, 20, -8f)).score(), 1e-6);
    }

    @Test
    void aTextImprobableThroughoutIsNotASuffixAttack() {
        assertEquals(0.0, PerplexitySignal.fromTokenLogprobs(logprobs(30, -8f, 20, -8.5f)).score());
    }

    @Test
    void withoutAHeadTheTailAloneDecides() {
        PerplexitySignal signal = PerplexitySignal.fromTokenLogprobs(logprobs(3, -2f, 20, -8f));
        assertTrue(Double.isNaN(signal.headNll()));
        assertEquals(1.0, signal.score());
        assertEquals(5, PerplexitySignal.fromTokenLogprobs(logprobs(0, 0f, 5, -1f)).tailTokens());
    }

    @Test
    void minusInfinityIsClampedAndCustomThresholdsApply() {
        float[] lp = logprobs(30, -2f, 20, -3f);
        lp[lp.length - 1] = Float.NEGATIVE_INFINITY;
        PerplexitySignal signal = PerplexitySignal.fromTokenLogprobs(lp);
        assertEquals((19 * 3.0 + 30) / 20, signal.tailNll(), 1e-6);
        PerplexitySignal.Thresholds lenient = new PerplexitySignal.Thresholds(2.0, 3.0, 0.5, 1.0, 20);
        assertEquals(1.0, PerplexitySignal.fromTokenLogprobs(logprobs(30, -2f, 20, -3.5f), lenient).score());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> PerplexitySignal.fromTokenLogprobs(null));
        assertThrows(IllegalArgumentException.class, () -> PerplexitySignal.fromTokenLogprobs(new float[0]));
        assertThrows(IllegalArgumentException.class, () -> PerplexitySignal.fromTokenLogprobs(new float[] {-1f, Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> PerplexitySignal.fromTokenLogprobs(new float[] {-1f, 0.5f}));
        assertThrows(IllegalArgumentException.class, () -> new PerplexitySignal.Thresholds(5, 4, 1, 2, 20));
        assertThrows(IllegalArgumentException.class, () -> new PerplexitySignal.Thresholds(4, 5, 1, 2, 0));
    }
}
