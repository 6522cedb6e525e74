package dev.warden.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 */
public final class LlamaWeights implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> byName;
    private final List<LayerWeights> layers;
    private final NDArray embed;
    private final NDArray finalNorm;
    private final NDArray lmHead;

    private LlamaWeights(ModelConfig config, NDManager manager, Map<String, NDArray> byName) {
        this.config = config;
        this.manager = manager;
        this.byName = Collections.unmodifiableMap(byName);
        this.embed = byName.get(WeightNames.EMBED);
        this.finalNorm = byName.get(WeightNames.FINAL_NORM);
        this.lmHead = config.tieWordEmbeddings() ? embed : byName.get(WeightNames.LM_HEAD);
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
                    byName.get(WeightNames.layer(i, "post_attention_layernorm.weight"))));
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
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return new LlamaWeights(config, manager, byName);
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
