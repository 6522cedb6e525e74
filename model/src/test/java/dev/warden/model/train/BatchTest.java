package dev.warden.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

    private static final List<Example> EXAMPLES = List.of(
            new Example(new int[] {1, 7, 4}, new int[] {9, 2}),
            new Example(new int[] {1, 8}, new int[] {2}));

    @Test
    void rightPaddingPutsPaddingAfterAndMasksTheResponse() {
        Batch b = Batch.of(EXAMPLES, Padding.RIGHT, 0);
        assertEquals(2, b.size());
        assertEquals(5, b.length());
        assertArrayEquals(new long[] {1, 7, 4, 9, 2, 1, 8, 2, 0, 0}, b.tokens());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 0, 1, 2, 0, 0}, b.positions());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, b.validity());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 0, 1, 0, 0}, b.lossMask());
        assertEquals(3, b.targetCount());
    }

    @Test
    void leftPaddingPutsPaddingBeforeAndCountsPositionsFromTheFirstRealToken() {
        Batch b = Batch.of(EXAMPLES, Padding.LEFT, 0);
        assertArrayEquals(new long[] {1, 7, 4, 9, 2, 0, 0, 1, 8, 2}, b.tokens());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 0, 0, 0, 1, 2}, b.positions());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 0, 0, 1, 1, 1}, b.validity());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 0, 0, 0, 1}, b.lossMask());
    }

    @Test
    void emptyBatchesAndEmptyResponsesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Batch.of(List.of(), Padding.RIGHT, 0));
        assertThrows(IllegalArgumentException.class, () -> new Example(new int[] {1}, new int[0]));
    }
}
