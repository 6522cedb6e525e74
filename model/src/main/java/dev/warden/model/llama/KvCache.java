package dev.warden.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.config.ModelConfig;

/**
 * Keys and values of the tokens seen so far, per layer, for a batch of sequences decoded together.
 * Storage is preallocated to a capacity and written in place, so a decode step copies only its new
 * token's keys and values. Slots are shared by the batch: slot {@code j} holds the j-th token fed to
 * every sequence; padding slots are marked invalid in {@link #validity()} and never attended to.
 *
 * <p>A forward pass may run on the first {@code n <= B} rows only ({@link PooledKvCache} sets n to its
 * active rows): every read and write below then covers rows {@code 0:n}, the other rows are left alone.
 *
 * <p>Legend: B batch (rows), n rows in use, G key/value heads, C capacity (slots), S used slots, T new
 * tokens, E head dim.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys; // per layer [B, G, C, E]
    private final NDArray[] values; // per layer [B, G, C, E]
    private final NDArray validity; // [B, C] 1 = real token, 0 = padding or unused
    private final int capacity;
    private int length;
    private int rows; // n: rows a forward pass reads and writes, 0:n
    private NDIndex pendingSlots; // "0:n, :, P:P+T", set once per forward pass for every layer
    private NDIndex usedSlots; // "0:n, :, :P+T"
    private boolean paddingFree = true; // every slot so far is a real token of every row (known on the host)

    private KvCache(NDManager manager, NDArray[] keys, NDArray[] values, NDArray validity, int capacity) {
        this.manager = manager;
        this.keys = keys;
        this.values = values;
        this.validity = validity;
        this.capacity = capacity;
        this.rows = Math.toIntExact(validity.getShape().get(0));
    }

    /**
     * Allocates an empty cache for {@code batch} sequences of at most {@code capacity} tokens each
     * (prompt and generated tokens, padding included).
     */
    public static KvCache allocate(ModelConfig config, int batch, int capacity, DataType dtype, NDManager parent) {
        NDManager manager = parent.newSubManager();
        int layers = config.numHiddenLayers();
        NDArray[] keys = new NDArray[layers];
        NDArray[] values = new NDArray[layers];
        Shape shape = new Shape(batch, config.numKeyValueHeads(), capacity, config.headDim());
        for (int i = 0; i < layers; i++) {
            keys[i] = manager.zeros(shape, dtype);
            values[i] = manager.zeros(shape, dtype);
        }
        NDArray validity = manager.zeros(new Shape(batch, capacity), dtype);
        return new KvCache(manager, keys, values, validity, capacity);
    }

    /** Number of slots filled so far (the same for every sequence of the batch). */
    public int length() {
        return length;
    }

    /** Maximum number of slots. */
    public int capacity() {
        return capacity;
    }

    /** Batch size the cache was allocated for. */
    public long batchSize() {
        return validity.getShape().get(0);
    }

    /** The validity flags of the used slots of the rows in use, [n, S] (1 real, 0 padding). */
    public NDArray validity() {
        return validity(length);
    }

    /** The validity flags of the first {@code slots} slots of the rows in use, [n, slots]. */
    NDArray validity(int slots) {
        return validity.get(new NDIndex().addSliceDim(0, rows).addSliceDim(0, slots));
    }

    /** Rows a forward pass covers (n); B unless a {@link PooledKvCache} narrowed it. */
    int rows() {
        return rows;
    }

    /** Makes forward passes cover rows {@code 0:n} only. */
    void rows(int n) {
        paddingFree = false; // a pool narrows to rows whose slots it manages itself
        if (n < 0 || n > batchSize()) {
            throw new IllegalArgumentException("rows " + n + " outside [0, " + batchSize() + "]");
        }
        rows = n;
    }

    /** Sets the number of used slots (a pool moves its write position when it shifts or resets). */
    void length(int slots) {
        paddingFree = false;
        if (slots < 0 || slots > capacity) {
            throw new IllegalArgumentException("length " + slots + " outside [0, " + capacity + "]");
        }
        length = slots;
    }

    /** Layer {@code layer}'s key storage, [B, G, C, E]. */
    NDArray keyStorage(int layer) {
        return keys[layer];
    }

    /** Layer {@code layer}'s value storage, [B, G, C, E]. */
    NDArray valueStorage(int layer) {
        return values[layer];
    }

    /** The validity storage, [B, C]. */
    NDArray validityStorage() {
        paddingFree = false;
        return validity;
    }

    /** Number of layers held. */
    int layers() {
        return keys.length;
    }

    /**
     * Whether every used slot of every row holds a real token, as known without reading the device: true
     * until a pass brings padding or a pool rearranges rows and slots. A pass of one new token per row then
     * needs no attention mask.
     */
    boolean paddingFree() {
        return paddingFree;
    }

    /**
     * Writes the validity of {@code t} new slots at the end of the used range. Called once per forward
     * pass, before the layers append their keys and values.
     *
     * @param newValidity [n, T]
     * @param allReal     whether the caller knows every new slot is a real token
     * @throws IllegalStateException when the capacity would be exceeded
     */
    void appendValidity(NDArray newValidity, boolean allReal) {
        paddingFree &= allReal;
        if (newValidity.getShape().get(0) != rows) {
            throw new IllegalArgumentException("a pass over " + newValidity.getShape().get(0)
                    + " sequences on a cache using " + rows + " rows");
        }
        int t = Math.toIntExact(newValidity.getShape().get(1));
        if (length + t > capacity) {
            throw new IllegalStateException("KV cache full: " + length + " + " + t + " > capacity " + capacity);
        }
        validity.set(new NDIndex().addSliceDim(0, rows).addSliceDim(length, length + t),
                newValidity.toType(validity.getDataType(), false));
        pendingSlots = new NDIndex().addSliceDim(0, rows).addAllDim().addSliceDim(length, length + t);
        usedSlots = new NDIndex().addSliceDim(0, rows).addAllDim().addSliceDim(0, length + t);
    }

    /**
     * Stores layer {@code layer}'s keys and values of the new tokens and returns all keys and values so far.
     *
     * @param k [n, G, T, E]
     * @param v [n, G, T, E]
     * @return {keys, values}, each [n, G, S + T, E] (views of the storage)
     */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        keys[layer].set(pendingSlots, k);
        values[layer].set(pendingSlots, v);
        return new NDArray[] {keys[layer].get(usedSlots), values[layer].get(usedSlots)};
    }

    /** Marks {@code t} more slots as used; called once per forward pass after every layer appended. */
    void advance(int t) {
        length += t;
    }

    @Override
    public void close() {
        manager.close();
    }
}
