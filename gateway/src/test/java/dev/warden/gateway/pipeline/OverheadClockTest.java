package dev.warden.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OverheadClockTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final OverheadClock clock = new OverheadClock(now::get, 1_000);

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }

    @Test
    void withoutUpstreamCallsTheOverheadIsTheElapsedTime() {
        advance(700_000);
        assertEquals(700_000, clock.overheadNanos());
        assertEquals("0.700", clock.overheadHeader());
    }

    @Test
    void upstreamWaitsAreSubtractedAndOverlapsCountOnce() {
        advance(100);
        clock.upstreamStart();          // judge
        advance(1_000);
        clock.upstreamStart();          // inference, overlapping
        advance(5_000);
        clock.upstreamEnd();
        advance(2_000);
        clock.upstreamEnd();            // union of both: 8,000
        advance(300);
        assertEquals(400, clock.overheadNanos());
    }

    @Test
    void aWaitStillOpenIsExcludedToo() {
        advance(200);
        clock.upstreamStart();
        advance(10_000);
        assertEquals(200, clock.overheadNanos());
    }

    @Test
    void ownWorkDuringAWaitIsAddedBack() {
        clock.upstreamStart();
        String result = clock.work(() -> {
            advance(3_000);             // the detector runs while the judge call is in flight
            return "scanned";
        });
        advance(7_000);
        clock.upstreamEnd();
        assertEquals("scanned", result);
        assertEquals(3_000, clock.overheadNanos());
    }

    @Test
    void workOutsideAWaitIsCountedOnce() {
        clock.work(() -> {
            advance(2_000);
            return null;
        });
        assertEquals(2_000, clock.overheadNanos());
    }

    @Test
    void unbalancedEndIsAnError() {
        assertThrows(IllegalStateException.class, clock::upstreamEnd);
    }

    @Test
    void headerHasMillisecondsWithThreeDecimals() {
        advance(12_345_678);
        assertEquals("12.345", clock.overheadHeader());
    }
}
