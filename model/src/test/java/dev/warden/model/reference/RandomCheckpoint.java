package dev.warden.model.reference;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.llama.TensorReader;
import dev.warden.model.llama.WeightNames;
import dev.warden.model.llama.WeightsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random checkpoints for parity tests: HF-named float arrays with HF shapes, written from the
 * reference's own notion of the architecture (not from {@link LlamaWeights#expectedShapes}), and the
 * bridge that loads the same arrays into a DJL {@link LlamaModel}.
 *
 * <p>Norm weights are drawn around 1 (not exactly 1) and biases are non-zero, so a model that ignored
 * either would disagree with the reference. Projections are scaled by {@code 1/sqrt(fan in)} so that
 * attention is neither uniform nor one-hot and logits stay of order one.
 *
 * <p>Legend: V vocabulary, D hidden size, H query heads, G key/value heads, E head dim, F intermediate.
 */
public final class RandomCheckpoint {

    private RandomCheckpoint() {
    }

    /** Every tensor {@code spec} implies, drawn from a {@link Random} seeded with {@code seed}. */
    public static Map<String, float[]> generate(ReferenceSpec spec, long seed) {
        Random rng = new Random(seed);
        int v = spec.vocabSize();
        int d = spec.hiddenSize();
        int f = spec.intermediateSize();
        int q = spec.heads() * spec.headDim();
        int kv = spec.kvHeads() * spec.headDim();
        Map<String, float[]> t = new LinkedHashMap<>();
        t.put(WeightNames.EMBED, gaussian(rng, v * d, 0.5)); // [V, D]
        for (int i = 0; i < spec.layers(); i++) {
            t.put(WeightNames.layer(i, "input_layernorm.weight"), aroundOne(rng, d));
            t.put(WeightNames.layer(i, "self_attn.q_proj.weight"), projection(rng, q, d)); // [H*E, D]
            t.put(WeightNames.layer(i, "self_attn.k_proj.weight"), projection(rng, kv, d)); // [G*E, D]
            t.put(WeightNames.layer(i, "self_attn.v_proj.weight"), projection(rng, kv, d)); // [G*E, D]
            if (spec.qkvBias()) {
                t.put(WeightNames.layer(i, "self_attn.q_proj.bias"), gaussian(rng, q, 0.5));
                t.put(WeightNames.layer(i, "self_attn.k_proj.bias"), gaussian(rng, kv, 0.5));
                t.put(WeightNames.layer(i, "self_attn.v_proj.bias"), gaussian(rng, kv, 0.5));
            }
            t.put(WeightNames.layer(i, "self_attn.o_proj.weight"), projection(rng, d, q)); // [D, H*E]
            t.put(WeightNames.layer(i, "post_attention_layernorm.weight"), aroundOne(rng, d));
            t.put(WeightNames.layer(i, "mlp.gate_proj.weight"), projection(rng, f, d)); // [F, D]
            t.put(WeightNames.layer(i, "mlp.up_proj.weight"), projection(rng, f, d)); // [F, D]
            t.put(WeightNames.layer(i, "mlp.down_proj.weight"), projection(rng, d, f)); // [D, F]
            if (spec.llamaBiases()) {
                t.put(WeightNames.layer(i, "self_attn.o_proj.bias"), gaussian(rng, d, 0.5));
                t.put(WeightNames.layer(i, "mlp.gate_proj.bias"), gaussian(rng, f, 0.5));
                t.put(WeightNames.layer(i, "mlp.up_proj.bias"), gaussian(rng, f, 0.5));
                t.put(WeightNames.layer(i, "mlp.down_proj.bias"), gaussian(rng, d, 0.5));
            }
        }
        t.put(WeightNames.FINAL_NORM, aroundOne(rng, d));
        if (!spec.tiedEmbeddings()) {
            t.put(WeightNames.LM_HEAD, projection(rng, v, d)); // [V, D]
        }
        return t;
    }

    /** A reader serving {@code tensors}; it rejects a tensor whose size differs from the expected shape. */
    public static TensorReader reader(Map<String, float[]> tensors) {
        return (name, shape, dtype, manager) -> {
            float[] values = tensors.get(name);
            if (values == null) {
                return null;
            }
            if (values.length != shape.size()) {
                throw new WeightsException("test tensor '" + name + "' has " + values.length
                        + " values, the model expects " + shape);
            }
            return manager.create(values, shape).toType(dtype, false);
        };
    }

    /** A DJL model over {@code tensors} (f32), its weights owned by a sub-manager of {@code parent}. */
    public static LlamaModel load(ModelConfig config, Map<String, float[]> tensors, NDManager parent) {
        return new LlamaModel(LlamaWeights.load(config, reader(tensors), DataType.FLOAT32, parent.newSubManager()));
    }

    private static float[] projection(Random rng, int out, int in) {
        return gaussian(rng, out * in, 1.4 / Math.sqrt(in));
    }

    private static float[] gaussian(Random rng, int n, double std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (rng.nextGaussian() * std);
        }
        return values;
    }

    private static float[] aroundOne(Random rng, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (1 + 0.2 * rng.nextGaussian());
        }
        return values;
    }
}
