package dev.warden.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.config.ModelConfig;

/**
 * A KV cache shared by sequences that start and finish at different times (continuous batching). It is a
 * {@link KvCache} of {@code maxRows} rows and C slots whose forward passes cover only the active rows,
 * which are kept packed at the front (rows {@code 0:n}), so an idle pool costs nothing.
 *
 * <p>Slots are shared: the pool has one write position t (the cache's length) and every decode step writes
 * slot t of every active row. Row r's tokens therefore fill a contiguous range {@code [start_r, t)}: its
 * validity is 1 there and 0 before. Stored keys are already rotated by their own token's position, so a
 * slot index need not equal a position, and sequences of any lengths share slots. Slots at and after t are
 * garbage until a pass writes them.
 *
 * <ul>
 *   <li>{@link #admit} copies a left-padded prefill cache [k, G, L, E] into rows {@code n:n+k} at slots
 *       {@code [t-L, t)}, after shifting every row right by {@code L - t} when {@code t < L} (an empty pool
 *       just moves t to L);</li>
 *   <li>{@link #release} frees a row by moving the last active row into it;</li>
 *   <li>{@link #prepareStep} makes room for the next slot: when t reaches C, or when more than half of the
 *       used slots are dead for every row, it shifts all rows left past the slots no active row uses.</li>
 * </ul>
 *
 * <p>Legend: B rows ({@code maxRows}), n active rows, k admitted rows, G key/value heads, C capacity
 * (slots), t write position, L prefill length, E head dim. Not thread-safe: one decode thread owns it.
 */
public final class PooledKvCache implements AutoCloseable {

    /** Dead leading slots below which {@link #prepareStep} does not compact before the pool is full. */
    static final int MIN_COMPACTION = 16;

    private final KvCache cache;
    private final int[] starts; // per active row: first valid slot
    private int active;
    private long compactions;

    private PooledKvCache(KvCache cache) {
        this.cache = cache;
        this.starts = new int[Math.toIntExact(cache.batchSize())];
        cache.rows(0);
    }

    /** Allocates an empty pool of {@code maxRows} rows of {@code capacity} slots. */
    public static PooledKvCache allocate(ModelConfig config, int maxRows, int capacity, DataType dtype,
                                         NDManager parent) {
        if (maxRows <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("a pool needs rows and slots; got " + maxRows + " x " + capacity);
        }
        return new PooledKvCache(KvCache.allocate(config, maxRows, capacity, dtype, parent));
    }

    /**
     * The cache a forward pass appends to: it covers the active rows, so the pass's inputs are [n, T].
     * Each pass advances the write position for every row.
     */
    public KvCache cache() {
        return cache;
    }

    /** Number of active rows (n). */
    public int rows() {
        return active;
    }

    /** Most rows the pool holds (B). */
    public int maxRows() {
        return starts.length;
    }

    /** Slots per row (C). */
    public int capacity() {
        return cache.capacity();
    }

    /** The write position t: the slot the next pass writes. */
    public int length() {
        return cache.length();
    }

    /** First valid slot of active row {@code row}. */
    public int start(int row) {
        checkRow(row);
        return starts[row];
    }

    /** How many times {@link #prepareStep} shifted the pool left (a cost worth watching). */
    public long compactions() {
        return compactions;
    }

    /**
     * Adds the sequences of a prefill pass as new active rows {@code n:n+k}, in order.
     *
     * @param prefill       a cache that ran exactly one left-padded pass of L slots over k sequences
     * @param promptLengths real (unpadded) length of each of the k sequences, each in [1, L]
     * @return the pool row of the first admitted sequence (n before the call)
     * @throws IllegalArgumentException when the rows or slots do not fit
     */
    public int admit(KvCache prefill, int[] promptLengths) {
        int k = Math.toIntExact(prefill.batchSize());
        int l = prefill.length();
        if (promptLengths.length != k) {
            throw new IllegalArgumentException(promptLengths.length + " lengths for " + k + " prefilled rows");
        }
        if (active + k > maxRows()) {
            throw new IllegalArgumentException("cannot admit " + k + " rows: " + active + " of " + maxRows()
                    + " in use");
        }
        if (l > capacity() || l == 0) {
            throw new IllegalArgumentException("prefill of " + l + " slots does not fit " + capacity() + " slots");
        }
        for (int length : promptLengths) {
            if (length < 1 || length > l) {
                throw new IllegalArgumentException("prompt length " + length + " outside [1, " + l + "]");
            }
        }
        if (active == 0) {
            cache.length(l);
        } else if (cache.length() < l) {
            shift(l - cache.length());
        }
        int t = cache.length();
        int first = active;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDIndex target = new NDIndex().addSliceDim(first, first + k).addAllDim().addSliceDim(t - l, t);
            NDIndex source = new NDIndex().addAllDim().addAllDim().addSliceDim(0, l);
            for (int layer = 0; layer < cache.layers(); layer++) {
                cache.keyStorage(layer).set(target, prefill.keyStorage(layer).get(source)); // [k, G, L, E]
                cache.valueStorage(layer).set(target, prefill.valueStorage(layer).get(source)); // [k, G, L, E]
            }
            NDArray validity = cache.validityStorage(); // [B, C]
            validity.set(new NDIndex().addSliceDim(first, first + k), 0f);
            validity.set(new NDIndex().addSliceDim(first, first + k).addSliceDim(t - l, t),
                    prefill.validityStorage().get(new NDIndex().addAllDim().addSliceDim(0, l))); // [k, L]
        }
        for (int i = 0; i < k; i++) {
            starts[first + i] = t - promptLengths[i];
        }
        active += k;
        cache.rows(active);
        return first;
    }

    /**
     * Frees active row {@code row}. To keep the active rows packed, the last active row moves into it.
     *
     * @return the former index of the row now at {@code row}, or -1 when {@code row} was the last one
     */
    public int release(int row) {
        checkRow(row);
        int last = active - 1;
        int moved = -1;
        if (row != last) {
            int t = cache.length();
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDIndex from = new NDIndex().addIndices(last).addAllDim().addSliceDim(starts[last], t);
                NDIndex to = new NDIndex().addIndices(row).addAllDim().addSliceDim(starts[last], t);
                for (int layer = 0; layer < cache.layers(); layer++) {
                    cache.keyStorage(layer).set(to, cache.keyStorage(layer).get(from)); // [G, t - start, E]
                    cache.valueStorage(layer).set(to, cache.valueStorage(layer).get(from)); // [G, t - start, E]
                }
                NDArray validity = cache.validityStorage(); // [B, C]
                validity.set(new NDIndex().addIndices(row).addSliceDim(0, t),
                        validity.get(new NDIndex().addIndices(last).addSliceDim(0, t))); // [t]
            }
            starts[row] = starts[last];
            moved = last;
        }
        active--;
        cache.rows(active);
        if (active == 0) {
            cache.length(0);
        }
        return moved;
    }

    /**
     * Makes sure the next pass has a slot to write. Compacts when t has reached C, or early when at least
     * half of the used slots (and at least {@value #MIN_COMPACTION}) lie before every active row's start.
     *
     * @return whether the pool was compacted
     * @throws IllegalStateException when t is at C and some active row spans all C slots (its sequence
     *     should have finished for lack of room)
     */
    public boolean prepareStep() {
        if (active == 0) {
            return false;
        }
        int t = cache.length();
        int dead = Integer.MAX_VALUE;
        for (int r = 0; r < active; r++) {
            dead = Math.min(dead, starts[r]);
        }
        boolean full = t == capacity();
        if (!full && (dead < MIN_COMPACTION || 2 * dead < t)) {
            return false;
        }
        if (dead == 0) {
            throw new IllegalStateException("KV pool full: a sequence spans all " + capacity() + " slots");
        }
        shift(-dead);
        compactions++;
        return true;
    }

    /**
     * Moves the used slots of every active row by {@code d} (right when positive), and t with them. The
     * source is copied first: PyTorch refuses to write a tensor from an overlapping view of itself.
     */
    private void shift(int d) {
        int t = cache.length();
        int from = Integer.MAX_VALUE;
        for (int r = 0; r < active; r++) {
            from = Math.min(from, starts[r]);
        }
        if (from + d < 0 || t + d > capacity()) {
            throw new IllegalArgumentException("cannot shift slots [" + from + ", " + t + ") by " + d);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDIndex source = new NDIndex().addSliceDim(0, active).addAllDim().addSliceDim(from, t);
            NDIndex target = new NDIndex().addSliceDim(0, active).addAllDim().addSliceDim(from + d, t + d);
            for (int layer = 0; layer < cache.layers(); layer++) {
                NDArray keys = cache.keyStorage(layer); // [B, G, C, E]
                NDArray values = cache.valueStorage(layer); // [B, G, C, E]
                keys.set(target, keys.get(source).duplicate()); // [n, G, t - from, E]
                values.set(target, values.get(source).duplicate()); // [n, G, t - from, E]
            }
            NDArray validity = cache.validityStorage(); // [B, C]
            validity.set(new NDIndex().addSliceDim(0, active).addSliceDim(from + d, t + d),
                    validity.get(new NDIndex().addSliceDim(0, active).addSliceDim(from, t)).duplicate()); // [n, t - from]
            if (d > 0) {
                validity.set(new NDIndex().addSliceDim(0, active).addSliceDim(0, from + d), 0f);
            }
        }
        for (int r = 0; r < active; r++) {
            starts[r] += d;
        }
        cache.length(t + d);
    }

    private void checkRow(int row) {
        if (row < 0 || row >= active) {
            throw new IllegalArgumentException("row " + row + " is not active (" + active + " active rows)");
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
