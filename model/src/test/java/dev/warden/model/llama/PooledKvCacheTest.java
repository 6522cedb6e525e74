package dev.warden.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sequences that join, leave and get shifted around a pool decode exactly as each alone in its own
 * cache, and the pool's validity always marks row r valid on [start_r, t) only.
 */
class PooledKvCacheTest {

    private static final ModelConfig TINY = TestConfigs.tiny(); // V 50, context 64
    private static final int V = TINY.vocabSize();

    private static NDManager root;
    private static LlamaModel model;

    @BeforeAll
    static void loadModel() {
        root = NDManager.newBaseManager();
        model = new LlamaModel(LlamaWeights.random(TINY, 23, 0.2f, DataType.FLOAT32, root.newSubManager()));
    }

    @AfterAll
    static void closeModel() {
        model.close();
        root.close();
    }

    @Test
    void joiningLeavingShiftingAndCompactingKeepEveryRowsLogits() {
        Seq a = new Seq(5, 1);
        Seq b = new Seq(9, 2);
        Seq c = new Seq(3, 3);
        try (NDManager m = model.newManager();
             PooledKvCache pool = PooledKvCache.allocate(TINY, 3, 20, DataType.FLOAT32, m)) {
            List<Seq> rows = new ArrayList<>();
            admit(pool, rows, m, a);
            assertEquals(5, pool.length(), "an empty pool moves t to the prompt length");
            steps(pool, rows, m, 2); // t 7
            admit(pool, rows, m, b); // 9 > 7: everything shifts right by 2
            assertEquals(9, pool.length());
            assertEquals(2, pool.start(0));
            assertEquals(0, pool.start(1));
            steps(pool, rows, m, 3); // t 12
            admit(pool, rows, m, c);
            assertEquals(9, pool.start(2));
            steps(pool, rows, m, 2); // t 14
            release(pool, rows, 1); // b leaves; c moves from row 2 to row 1
            assertEquals(List.of(a, c), rows);
            assertEquals(9, pool.start(1));
            assertLayout(pool);
            steps(pool, rows, m, 6); // t 20 = capacity
            assertEquals(20, pool.length());
            assertEquals(0, pool.compactions());
            steps(pool, rows, m, 1); // full: shifts left by 2 (a's start) before writing
            assertEquals(1, pool.compactions());
            assertEquals(19, pool.length());
            assertEquals(0, pool.start(0));
            release(pool, rows, 0); // only c is left
            release(pool, rows, 0);
            assertEquals(0, pool.rows());
            assertEquals(0, pool.length(), "an empty pool starts over");
        }
    }

    @Test
    void manyDeadLeadingSlotsAreReclaimedBeforeThePoolIsFull() {
        Seq longOne = new Seq(20, 4);
        Seq shortOne = new Seq(3, 5);
        try (NDManager m = model.newManager();
             PooledKvCache pool = PooledKvCache.allocate(TINY, 2, 64, DataType.FLOAT32, m)) {
            List<Seq> rows = new ArrayList<>();
            admit(pool, rows, m, longOne);
            steps(pool, rows, m, 1); // t 21
            admit(pool, rows, m, shortOne);
            assertEquals(18, pool.start(1));
            steps(pool, rows, m, 1); // t 22
            release(pool, rows, 0); // 18 of 22 slots are dead now
            steps(pool, rows, m, 1);
            assertEquals(1, pool.compactions());
            assertEquals(5, pool.length(), "4 live slots moved to the front, then one written");
            assertEquals(0, pool.start(0));
            steps(pool, rows, m, 3);
            assertEquals(1, pool.compactions(), "few dead slots: no more compaction");
        }
    }

    @Test
    void misuseIsRejected() {
        try (NDManager m = model.newManager();
             PooledKvCache pool = PooledKvCache.allocate(TINY, 1, 8, DataType.FLOAT32, m)) {
            List<Seq> rows = new ArrayList<>();
            admit(pool, rows, m, new Seq(4, 6));
            assertThrows(IllegalArgumentException.class, () -> admit(pool, rows, m, new Seq(2, 7)), "no free row");
            assertThrows(IllegalArgumentException.class, () -> pool.release(1));
            assertThrows(IllegalArgumentException.class, () -> pool.start(1));
            steps(pool, rows, m, 4); // t 8, the row spans all 8 slots
            IllegalStateException full = assertThrows(IllegalStateException.class, pool::prepareStep);
            assertTrue(full.getMessage().contains("8 slots"), full.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> PooledKvCache.allocate(TINY, 0, 8, DataType.FLOAT32, root));
    }

    // --- helpers ---

    /**
     * A sequence with a prompt and a fixed list of tokens to feed, and its logits decoded alone in its own
     * cache: {@code expected[i]} follows the prompt and the first i fed tokens.
     */
    private static final class Seq {
        final long[] prompt;
        final long[] feed;
        final List<float[]> expected = new ArrayList<>();
        int fed;

        Seq(int length, int salt) {
            prompt = new long[length];
            for (int i = 0; i < length; i++) {
                prompt[i] = (i * 7L + salt * 13L) % V;
            }
            feed = new long[40];
            for (int i = 0; i < feed.length; i++) {
                feed[i] = (i * 3L + salt * 5L + 1) % V;
            }
            try (NDManager m = model.newManager();
                 KvCache alone = KvCache.allocate(TINY, 1, length + feed.length, DataType.FLOAT32, m)) {
                expected.add(forward(m, alone, prompt, 0));
                for (int i = 0; i < feed.length; i++) {
                    expected.add(forward(m, alone, new long[] {feed[i]}, length + i));
                }
            }
        }

        long position() {
            return prompt.length + fed;
        }

        private static float[] forward(NDManager m, KvCache cache, long[] ids, int firstPosition) {
            NDArray tokens = m.create(ids, new Shape(1, ids.length));
            NDArray positions = m.arange(firstPosition, firstPosition + ids.length, 1, DataType.INT64)
                    .reshape(1, ids.length);
            try (ForwardOutput out = model.forward(tokens, positions, null, cache, ForwardOptions.lastLogits())) {
                return out.logits().toFloatArray(); // [1, 1, V]
            }
        }
    }

    /** Prefills {@code seq} alone, checks its logits and admits it as the last row. */
    private static void admit(PooledKvCache pool, List<Seq> rows, NDManager m, Seq seq) {
        try (NDManager step = m.newSubManager();
             KvCache prefill = KvCache.allocate(TINY, 1, seq.prompt.length, DataType.FLOAT32, step)) {
            float[] logits = Seq.forward(step, prefill, seq.prompt, 0);
            assertClose(seq.expected.get(0), logits, 0, "prefill");
            int row = pool.admit(prefill, new int[] {seq.prompt.length});
            assertEquals(rows.size(), row);
            rows.add(seq);
        }
        assertLayout(pool);
    }

    /** Runs {@code count} decode passes over the active rows, checking every row's logits. */
    private static void steps(PooledKvCache pool, List<Seq> rows, NDManager m, int count) {
        for (int s = 0; s < count; s++) {
            pool.prepareStep();
            int n = rows.size();
            long[] tokens = new long[n];
            long[] positions = new long[n];
            for (int r = 0; r < n; r++) {
                tokens[r] = rows.get(r).feed[rows.get(r).fed];
                positions[r] = rows.get(r).position();
            }
            float[] logits;
            try (NDManager step = m.newSubManager();
                 ForwardOutput out = model.forward(step.create(tokens, new Shape(n, 1)),
                         step.create(positions, new Shape(n, 1)), null, pool.cache(), ForwardOptions.lastLogits())) {
                logits = out.logits().toFloatArray(); // [n, 1, V]
            }
            for (int r = 0; r < n; r++) {
                Seq seq = rows.get(r);
                seq.fed++;
                assertClose(seq.expected.get(seq.fed), logits, r * V, "row " + r + " after " + seq.fed + " fed");
            }
            assertLayout(pool);
        }
    }

    private static void release(PooledKvCache pool, List<Seq> rows, int row) {
        int moved = pool.release(row);
        if (moved >= 0) {
            rows.set(row, rows.remove(moved));
        } else {
            rows.remove(row);
        }
        assertLayout(pool);
    }

    /** Row r's validity is 1 exactly on [start_r, t). */
    private static void assertLayout(PooledKvCache pool) {
        int t = pool.length();
        int c = pool.capacity();
        float[] validity = pool.cache().validityStorage().toFloatArray(); // [B, C]
        for (int r = 0; r < pool.rows(); r++) {
            for (int s = 0; s < t; s++) {
                boolean valid = s >= pool.start(r);
                assertEquals(valid ? 1f : 0f, validity[r * c + s], "row " + r + " slot " + s + " (t " + t + ")");
            }
        }
        assertFalse(t > c);
    }

    private static void assertClose(float[] expected, float[] actual, int offset, String what) {
        for (int i = 0; i < V; i++) {
            assertEquals(expected[i], actual[offset + i], 1e-4, what + ", logit " + i);
        }
    }
}
