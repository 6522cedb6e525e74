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
 * <p>Legend: B batch, G key/value heads, C capacity (slots), S used slots, T new tokens, E head dim.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys; // per layer [B, G, C, E]
    private final NDArray[] values; // per layer [B, G, C, E]
    private final NDArray validity; // [B, C] 1 = real token, 0 = padding or unused
    private final int capacity;
    private int length;
    private NDIndex pendingSlots; // ":, :, P:P+T", set once per forward pass for every layer
    private NDIndex usedSlots; // ":, :, :P+T"

    private KvCache(NDManager manager, NDArray[] keys, NDArray[] values, NDArray validity, int capacity) {
        this.manager = manager;
        this.keys = keys;
        this.values = values;
        this.validity = validity;
        this.capacity = capacity;
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

    /** The validity flags of the used slots, [B, S] (1 real, 0 padding). */
    public NDArray validity() {
        return validity(length);
    }

    /** The validity flags of the first {@code slots} slots, [B, slots]. */
    NDArray validity(int slots) {
        return validity.get(new NDIndex().addAllDim().addSliceDim(0, slots));
    }

    /**
     * Writes the validity of {@code t} new slots at the end of the used range. Called once per forward
     * pass, before the layers append their keys and values.
     *
     * @param newValidity [B, T]
     * @throws IllegalStateException when the capacity would be exceeded
     */
    void appendValidity(NDArray newValidity) {
        int t = Math.toIntExact(newValidity.getShape().get(1));
        if (length + t > capacity) {
            throw new IllegalStateException("KV cache full: " + length + " + " + t + " > capacity " + capacity);
        }
        validity.set(new NDIndex().addAllDim().addSliceDim(length, length + t),
                newValidity.toType(validity.getDataType(), false));
        pendingSlots = new NDIndex().addAllDim().addAllDim().addSliceDim(length, length + t);
        usedSlots = new NDIndex().addAllDim().addAllDim().addSliceDim(0, length + t);
    }

    /**
     * Stores layer {@code layer}'s keys and values of the new tokens and returns all keys and values so far.
     *
     * @param k [B, G, T, E]
     * @param v [B, G, T, E]
     * @return {keys, values}, each [B, G, S + T, E] (views of the storage)
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
