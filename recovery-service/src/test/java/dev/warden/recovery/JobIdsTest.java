package dev.warden.recovery;

import dev.warden.recovery.error.InvalidArgumentException;
import dev.warden.recovery.job.JobIds;
import dev.warden.recovery.job.PageToken;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Job ids sort by creation (lists page by them); page tokens round-trip and reject forgeries. */
class JobIdsTest {

    @Test
    void idsIncreaseWithinAndAcrossMilliseconds() {
        JobIds ids = new JobIds();
        String previous = ids.next(1_000);
        for (int i = 0; i < 2000; i++) {
            String next = ids.next(i < 1000 ? 1_000 : 1_001 + i);
            assertTrue(JobIds.isValid(next), next);
            assertTrue(next.compareTo(previous) > 0, previous + " then " + next);
            previous = next;
        }
        assertTrue(ids.next(500).compareTo(previous) > 0, "a clock going back does not reorder ids");
        assertFalse(JobIds.isValid("0000000000AAAAAAAAAAAAAAAA"));
        assertFalse(JobIds.isValid("../../etc/passwd"));
    }

    @Test
    void pageTokensRoundTrip() {
        String id = new JobIds().next(System.currentTimeMillis());
        assertEquals(id, PageToken.decode(PageToken.after(id)));
        assertNull(PageToken.decode(""));
        assertThrows(InvalidArgumentException.class, () -> PageToken.decode("djE6Li4v"));
        assertThrows(InvalidArgumentException.class, () -> PageToken.decode("%%%"));
    }
}
