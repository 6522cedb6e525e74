package dev.warden.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * All tensors of a Llama-family causal LM, owned by one {@link NDManager}, in checkpoint order.
 *
 * <p>Legend: V vocabulary, D hidden size, L layers. With tied embeddings the LM head is the embedding
 * table itself (one array, one name).
 *
 * <p>Each layer's projections are stored input-major, q/k/v and gate/up fused ({@link FusedProjections}), and an
 * untied LM head as [D, V]; the tensors named as in the checkpoint are transposed views of them, so names, shapes
 * and values are the checkpoint's. Write weights in place (e.g. {@code w.stopGradient().subi(w).addi(values)}),
 * never with {@code NDArray.set(Buffer)}, which gives a tensor new storage and so detaches it from its stored
 * copy (inference would keep the old values).
 */
public final class LlamaWeights implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> byName;
    private final List<LayerWeights> layers;
    private final NDArray embed;
    private final NDArray finalNorm;
    private final NDArray lmHead;
    private final NDArray lmHeadInputMajor;

    private LlamaWeights(ModelConfig config, NDManager manager, Map<String, NDArray> byName,
                         List<FusedProjections> fused, NDArray lmHeadInputMajor) {
        this.config = config;
        this.manager = manager;
        this.byName = Collections.unmodifiableMap(byName);
        this.embed = byName.get(WeightNames.EMBED);
        this.finalNorm = byName.get(WeightNames.FINAL_NORM);
        this.lmHead = config.tieWordEmbeddings() ? embed : byName.get(WeightNames.LM_HEAD);
        this.lmHeadInputMajor = lmHeadInputMajor;
        List<LayerWeights> list = new ArrayList<>();
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            list.add(new LayerWeights(
                    byName.get(WeightNames.layer(i, "self_attn.q_proj.weight")),
                    byName.get(WeightNames.layer(i, "self_attn.k_proj.weight")),
                    byName.get(WeightNames.layer(i, "self_attn.v_proj.weight")),
                    byName.get(WeightNames.layer(i, "self_attn.o_proj.weight")),
                    byName.get(WeightNames.layer(i, "self_attn.q_proj.bias")),
                    byName.get(WeightNames.layer(i, "self_attn.k_proj.bias")),
                    byName.get(WeightNames.layer(i, "self_attn.v_proj.bias")),
                    byName.get(WeightNames.layer(i, "self_attn.o_proj.bias")),
                    byName.get(WeightNames.layer(i, "mlp.gate_proj.weight")),
                    byName.get(WeightNames.layer(i, "mlp.up_proj.weight")),
                    byName.get(WeightNames.layer(i, "mlp.down_proj.weight")),
                    byName.get(WeightNames.layer(i, "mlp.gate_proj.bias")),
                    byName.get(WeightNames.layer(i, "mlp.up_proj.bias")),
                    byName.get(WeightNames.layer(i, "mlp.down_proj.bias")),
                    byName.get(WeightNames.layer(i, "input_layernorm.weight")),
                    byName.get(WeightNames.layer(i, "post_attention_layernorm.weight")),
                    fused.get(i)));
        }
        this.layers = List.copyOf(list);
    }

    /**
     * The name and shape of every tensor the configuration implies, in checkpoint order (embeddings,
     * layers, final norm, LM head unless tied).
     */
    public static Map<String, Shape> expectedShapes(ModelConfig c) {
        long d = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long f = c.intermediateSize();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put(WeightNames.EMBED, new Shape(c.vocabSize(), d));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            shapes.put(WeightNames.layer(i, "input_layernorm.weight"), new Shape(d));
            shapes.put(WeightNames.layer(i, "self_attn.q_proj.weight"), new Shape(q, d));
            shapes.put(WeightNames.layer(i, "self_attn.k_proj.weight"), new Shape(kv, d));
            shapes.put(WeightNames.layer(i, "self_attn.v_proj.weight"), new Shape(kv, d));
            if (c.qkvBias()) {
                shapes.put(WeightNames.layer(i, "self_attn.q_proj.bias"), new Shape(q));
                shapes.put(WeightNames.layer(i, "self_attn.k_proj.bias"), new Shape(kv));
                shapes.put(WeightNames.layer(i, "self_attn.v_proj.bias"), new Shape(kv));
            }
            shapes.put(WeightNames.layer(i, "self_attn.o_proj.weight"), new Shape(d, q));
            if (c.oProjBias()) {
                shapes.put(WeightNames.layer(i, "self_attn.o_proj.bias"), new Shape(d));
            }
            shapes.put(WeightNames.layer(i, "post_attention_layernorm.weight"), new Shape(d));
            shapes.put(WeightNames.layer(i, "mlp.gate_proj.weight"), new Shape(f, d));
            shapes.put(WeightNames.layer(i, "mlp.up_proj.weight"), new Shape(f, d));
            shapes.put(WeightNames.layer(i, "mlp.down_proj.weight"), new Shape(d, f));
            if (c.mlpBias()) {
                shapes.put(WeightNames.layer(i, "mlp.gate_proj.bias"), new Shape(f));
                shapes.put(WeightNames.layer(i, "mlp.up_proj.bias"), new Shape(f));
                shapes.put(WeightNames.layer(i, "mlp.down_proj.bias"), new Shape(d));
            }
        }
        shapes.put(WeightNames.FINAL_NORM, new Shape(d));
        if (!c.tieWordEmbeddings()) {
            shapes.put(WeightNames.LM_HEAD, new Shape(c.vocabSize(), d));
        }
        return shapes;
    }

    /**
     * Loads every tensor the configuration implies through {@code reader} into {@code manager}, which the
     * returned weights then own.
     *
     * @throws WeightsException naming the first missing tensor
     */
    public static LlamaWeights load(ModelConfig config, TensorReader reader, DataType dtype, NDManager manager) {
        Map<String, NDArray> byName = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Shape> e : expectedShapes(config).entrySet()) {
                NDArray array = reader.read(e.getKey(), e.getValue(), dtype, manager);
                if (array == null) {
                    throw new WeightsException("checkpoint has no tensor '" + e.getKey() + "' (expected shape "
                            + e.getValue() + ")");
                }
                if (!array.getShape().equals(e.getValue())) {
                    throw new WeightsException("tensor '" + e.getKey() + "' has shape " + array.getShape()
                            + ", the config implies " + e.getValue());
                }
                array.setName(e.getKey());
                byName.put(e.getKey(), array);
            }
            List<FusedProjections> fused = new ArrayList<>();
            for (int i = 0; i < config.numHiddenLayers(); i++) {
                fused.add(new FusedProjections(
                        inputMajor(byName, WeightNames.layer(i, "self_attn.q_proj.weight"),
                                WeightNames.layer(i, "self_attn.k_proj.weight"), WeightNames.layer(i, "self_attn.v_proj.weight")),
                        fuseRows(byName, i, "self_attn.q_proj.bias", "self_attn.k_proj.bias", "self_attn.v_proj.bias"),
                        inputMajor(byName, WeightNames.layer(i, "self_attn.o_proj.weight")),
                        inputMajor(byName, WeightNames.layer(i, "mlp.gate_proj.weight"), WeightNames.layer(i, "mlp.up_proj.weight")),
                        fuseRows(byName, i, "mlp.gate_proj.bias", "mlp.up_proj.bias"),
                        inputMajor(byName, WeightNames.layer(i, "mlp.down_proj.weight"))));
            }
            NDArray head = config.tieWordEmbeddings() ? null : inputMajor(byName, WeightNames.LM_HEAD);
            return new LlamaWeights(config, manager, byName, fused, head);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Concatenates the named tensors of layer {@code layer} along their first axis into one new tensor and puts
     * a row view of it in place of each (same name, shape and values), closing the originals. Returns null when
     * the layer has none of them (biases of an architecture without).
     */
    private static NDArray fuseRows(Map<String, NDArray> byName, int layer, String... suffixes) {
        NDList parts = new NDList();
        for (String suffix : suffixes) {
            NDArray part = byName.get(WeightNames.layer(layer, suffix));
            if (part != null) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        NDArray fused = NDArrays.concat(parts, 0); // [sum of rows, ...]
        NDScope.unregister(fused); // owned by the weights' manager, not by any enclosing scope
        long start = 0;
        for (String suffix : suffixes) {
            String name = WeightNames.layer(layer, suffix);
            NDArray part = byName.get(name);
            long rows = part.getShape().get(0);
            NDArray view = fused.get(new NDIndex().addSliceDim(start, start + rows)); // shares fused's storage
            NDScope.unregister(view);
            view.setName(name);
            byName.put(name, view);
            part.close();
            start += rows;
        }
        return fused;
    }

    /**
     * Stores the named [out, in] tensors as one new contiguous input-major tensor, [in, sum of out], their columns
     * in the order given, and puts a transposed view of it in place of each (same name, shape and values),
     * closing the originals.
     */
    private static NDArray inputMajor(Map<String, NDArray> byName, String... names) {
        NDList columns = new NDList();
        for (String name : names) {
            columns.add(byName.get(name).transpose()); // [in, out], a view
        }
        NDArray stored;
        if (names.length == 1) {
            NDArray flat = columns.head().flatten(); // a contiguous copy (a view if already input-major in memory)
            stored = flat.reshape(columns.head().getShape()); // [in, out]
            flat.close();
        } else {
            stored = NDArrays.concat(columns, 1); // [in, sum of out], contiguous
        }
        NDScope.unregister(stored); // owned by the weights' manager, not by any enclosing scope
        long start = 0;
        for (String name : names) {
            NDArray part = byName.get(name);
            long rows = part.getShape().get(0);
            NDArray slice = stored.get(new NDIndex().addAllDim().addSliceDim(start, start + rows)); // [in, out]
            NDArray view = slice.transpose(); // [out, in], shares stored's storage
            NDScope.unregister(view);
            view.setName(name);
            byName.put(name, view);
            if (slice != stored) {
                slice.close();
            }
            part.close();
            start += rows;
        }
        columns.forEach(NDArray::close);
        return stored;
    }

    /**
     * Fresh weights for training from scratch or for tests: projections and embeddings drawn from
     * N(0, std^2) with a seeded Java RNG (so the result is the same on every machine), norms set to 1,
     * biases drawn like projections.
     */
    public static LlamaWeights random(ModelConfig config, long seed, float std, DataType dtype, NDManager manager) {
        Random rng = new Random(seed);
        return load(config, (name, shape, type, m) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            if (WeightNames.isNorm(name)) {
                java.util.Arrays.fill(values, 1f);
            } else {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (rng.nextGaussian() * std);
                }
            }
            return m.create(values, shape).toType(type, false);
        }, dtype, manager);
    }

    /** The configuration these weights were loaded for. */
    public ModelConfig config() {
        return config;
    }

    /** The manager owning every tensor; close the weights to free them. */
    public NDManager manager() {
        return manager;
    }

    /** Every tensor by checkpoint name, in checkpoint order; the LM head is absent when tied. */
    public Map<String, NDArray> byName() {
        return byName;
    }

    /** Decoder layer {@code i}. */
    public LayerWeights layer(int i) {
        return layers.get(i);
    }

    /** Token embedding table [V, D]. */
    public NDArray embed() {
        return embed;
    }

    /** Final RMSNorm weight [D]. */
    public NDArray finalNorm() {
        return finalNorm;
    }

    /** Output projection [V, D] (the embedding table when tied). */
    public NDArray lmHead() {
        return lmHead;
    }

    /**
     * The untied LM head stored input-major, [D, V], of which {@link #lmHead()} is a transposed view; null when
     * the head is tied to the embedding table.
     */
    public NDArray lmHeadInputMajor() {
        return lmHeadInputMajor;
    }

    /** Total number of parameters (the tied LM head counted once). */
    public long parameterCount() {
        return byName.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** Marks every tensor as requiring (or not) gradients, for training. */
    public void setRequiresGradient(boolean requires) {
        byName.values().forEach(a -> a.setRequiresGradient(requires));
    }

    @Override
    public void close() {
        manager.close();
    }
}
