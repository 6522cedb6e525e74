package dev.warden.model.llama;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import dev.warden.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A Llama-family causal language model (Llama 2/3, Mistral, Qwen2) on DJL NDArrays: token embedding,
 * pre-norm decoder layers (RMSNorm, grouped-query attention with rotary positions and an optional KV
 * cache, SwiGLU MLP), final RMSNorm and LM head. It runs wherever its weights live (CPU or GPU); the
 * same code serves inference, scoring, hidden-state probes and training (wrap a forward in a
 * {@code GradientCollector} after {@link LlamaWeights#setRequiresGradient}).
 *
 * <p>Legend: B batch, T tokens of this pass, P tokens already cached, S = P + T keys, D hidden size,
 * H query heads, G key/value heads, R = H / G queries per key/value head, E head dim, F intermediate
 * size, V vocabulary.
 *
 * <p>Batches of different lengths are left-padded: padding positions have validity 0, are never
 * attended to, and real tokens get positions counted from their own first token.
 */
public final class LlamaModel implements AutoCloseable {

    private final ModelConfig config;
    private final LlamaWeights weights;
    private final RotaryEmbedding rope;
    private final DataType dtype;
    private final float maskValue;
    /**
     * 1/sqrt(head dim) as a tensor the model keeps alive. Never scale a tensor on the gradient path with
     * {@code mul(Number)}: DJL wraps the number in a tensor over a Java direct buffer and closes it at once,
     * autograd saves that tensor for the backward pass, and a garbage collection before backward frees the
     * buffer (garbage gradients; see BackwardAfterGcTest).
     */
    private final NDArray attentionScale;

    /** Wraps loaded weights; the model owns them from now on. */
    public LlamaModel(LlamaWeights weights) {
        this.config = weights.config();
        this.weights = weights;
        this.dtype = weights.embed().getDataType();
        this.rope = new RotaryEmbedding(config, dtype, weights.manager());
        // Large but finite, so a fully masked row (a padding query) yields a uniform softmax, not NaN.
        this.maskValue = dtype == DataType.FLOAT16 ? -65000f : -1e9f;
        this.attentionScale = weights.manager()
                .create((float) (1.0 / Math.sqrt(config.headDim()))).toType(dtype, false); // []
    }

    /** The model's configuration. */
    public ModelConfig config() {
        return config;
    }

    /** The model's weights (for training, saving and weight surgery). */
    public LlamaWeights weights() {
        return weights;
    }

    /** The dtype of weights and activations (f32 or f16; never bf16). */
    public DataType dtype() {
        return dtype;
    }

    /** The device the weights live on. */
    public Device device() {
        return weights.embed().getDevice();
    }

    /** A new manager on the model's device for one request's inputs and outputs. */
    public NDManager newManager() {
        return weights.manager().newSubManager();
    }

    /**
     * Runs the model on a batch of token sequences.
     *
     * @param tokens    [B, T] int64 token ids
     * @param positions [B, T] int64 rotary positions of those tokens
     * @param validity  [B, T] 1 for real tokens, 0 for padding; null when every token is real
     * @param cache     keys and values of earlier tokens, appended to by this pass; null for a stateless
     *                  pass over whole sequences (training, scoring, probes)
     * @param options   which logits and hidden states to compute, and how many layers to run
     * @return logits and hidden states, owned by the caller
     */
    public ForwardOutput forward(NDArray tokens, NDArray positions, NDArray validity, KvCache cache,
                                 ForwardOptions options) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2 || !shape.equals(positions.getShape())) {
            throw new IllegalArgumentException("tokens and positions must both be [B, T]; got " + shape
                    + " and " + positions.getShape());
        }
        int t = Math.toIntExact(shape.get(1));
        int layers = Math.min(options.layers(), config.numHiddenLayers());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDManager m = tokens.getManager();
            if (validity == null) {
                validity = m.ones(shape, dtype);
            }
            int past = 0;
            NDArray keyValidity = validity; // [B, S]
            if (cache != null) {
                past = cache.length();
                cache.appendValidity(validity);
                keyValidity = cache.validity(past + t);
            }
            NDArray mask = attentionMask(m, keyValidity, past, t); // [B, 1, 1, T, S]
            NDArray[] ropeFactors = rope.factors(positions); // [B, 1, T, E] x2

            NDArray x = Embedding.embedding(tokens, weights.embed(), SparseFormat.DENSE).singletonOrThrow(); // [B, T, D]
            List<NDArray> hidden = new ArrayList<>();
            if (options.hiddenStates()) {
                hidden.add(x);
            }
            for (int i = 0; i < layers; i++) {
                x = decoderLayer(i, x, mask, ropeFactors, cache);
                if (options.hiddenStates()) {
                    hidden.add(x);
                }
            }
            if (cache != null) {
                cache.advance(t);
            }
            NDArray logits = null;
            if (options.logits() != ForwardOptions.Logits.NONE && layers == config.numHiddenLayers()) {
                NDArray last = options.logits() == ForwardOptions.Logits.LAST
                        ? x.get(new NDIndex(":, -1:, :")) // [B, 1, D]
                        : x; // [B, T, D]
                NDArray normed = rmsNorm(last, weights.finalNorm());
                logits = Linear.linear(normed, weights.lmHead()).singletonOrThrow(); // [B, T|1, V]
                if (logits.getDataType() != DataType.FLOAT32) {
                    logits = logits.toType(DataType.FLOAT32, false);
                }
                NDScope.unregister(logits);
            }
            hidden.forEach(NDScope::unregister);
            return new ForwardOutput(logits, List.copyOf(hidden));
        }
    }

    /**
     * Additive attention mask: 0 where query {@code t} may attend key {@code s} (the key is a real token
     * at or before the query), a large negative number elsewhere.
     *
     * @param keyValidity [B, S]
     * @return [B, 1, 1, T, S], broadcasting over key/value heads and the queries sharing them
     */
    private NDArray attentionMask(NDManager m, NDArray keyValidity, int past, int t) {
        int s = past + t;
        NDArray keySlots = m.arange(0, s, 1, DataType.INT64).reshape(1, s); // [1, S]
        NDArray querySlots = m.arange(past, s, 1, DataType.INT64).reshape(t, 1); // [T, 1]
        NDArray causal = keySlots.lte(querySlots); // [T, S]
        NDArray real = keyValidity.gt(0.5f).reshape(keyValidity.getShape().get(0), 1, s); // [B, 1, S]
        NDArray allowed = causal.expandDims(0).logicalAnd(real).toType(dtype, false); // [B, T, S]
        NDArray additive = allowed.sub(1f).mul(-maskValue); // 0 allowed, maskValue elsewhere
        return additive.expandDims(1).expandDims(1); // [B, 1, 1, T, S]
    }

    /** One pre-norm decoder layer. x: [B, T, D] -> [B, T, D]. */
    private NDArray decoderLayer(int index, NDArray x, NDArray mask, NDArray[] ropeFactors, KvCache cache) {
        LayerWeights w = weights.layer(index);
        NDArray attn = attention(index, w, rmsNorm(x, w.inputNorm()), mask, ropeFactors, cache); // [B, T, D]
        x = x.add(attn);
        NDArray h = rmsNorm(x, w.postAttentionNorm()); // [B, T, D]
        NDArray gateIn = project(h, w.gateProj(), w.gateBias()); // [B, T, F]
        NDArray gate = gateIn.mul(Activation.sigmoid(gateIn)); // SiLU, without a scalar tensor in the graph
        NDArray up = project(h, w.upProj(), w.upBias()); // [B, T, F]
        NDArray mlp = project(gate.mul(up), w.downProj(), w.downBias()); // [B, T, D]
        return x.add(mlp);
    }

    /** Grouped-query self-attention. h: [B, T, D] -> [B, T, D]. */
    private NDArray attention(int index, LayerWeights w, NDArray h, NDArray mask, NDArray[] ropeFactors,
                              KvCache cache) {
        long b = h.getShape().get(0);
        long t = h.getShape().get(1);
        int heads = config.numAttentionHeads();
        int groups = config.numKeyValueHeads();
        int perGroup = heads / groups;
        int e = config.headDim();

        NDArray q = project(h, w.qProj(), w.qBias()) // [B, T, H*E]
                .reshape(b, t, heads, e).transpose(0, 2, 1, 3); // [B, H, T, E]
        NDArray k = project(h, w.kProj(), w.kBias()) // [B, T, G*E]
                .reshape(b, t, groups, e).transpose(0, 2, 1, 3); // [B, G, T, E]
        NDArray v = project(h, w.vProj(), w.vBias()) // [B, T, G*E]
                .reshape(b, t, groups, e).transpose(0, 2, 1, 3); // [B, G, T, E]
        q = rope.apply(q, ropeFactors);
        k = rope.apply(k, ropeFactors);
        if (cache != null) {
            NDArray[] kv = cache.append(index, k, v);
            k = kv[0]; // [B, G, S, E]
            v = kv[1]; // [B, G, S, E]
        }
        long s = k.getShape().get(2);
        // Query head h = g * R + r shares key/value head g: group the R queries instead of copying K and V.
        NDArray qg = q.reshape(b, groups, perGroup * t, e); // [B, G, R*T, E]
        NDArray scores = qg.matMul(k.transpose(0, 1, 3, 2)) // [B, G, R*T, E] x [B, G, E, S] -> [B, G, R*T, S]
                .mul(attentionScale)
                .reshape(b, groups, perGroup, t, s) // [B, G, R, T, S]
                .add(mask); // + [B, 1, 1, T, S]
        NDArray probs = softmax(scores).reshape(b, groups, perGroup * t, s); // [B, G, R*T, S]
        NDArray out = probs.matMul(v) // [B, G, R*T, S] x [B, G, S, E] -> [B, G, R*T, E]
                .reshape(b, heads, t, e) // [B, H, T, E]
                .transpose(0, 2, 1, 3) // [B, T, H, E]
                .reshape(b, t, (long) heads * e); // [B, T, H*E]
        return project(out, w.oProj(), w.oBias()); // [B, T, D]
    }

    private static NDArray project(NDArray x, NDArray weight, NDArray bias) {
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    /** Softmax over the last axis, computed in f32 whatever the model dtype. */
    private NDArray softmax(NDArray scores) {
        if (scores.getDataType() == DataType.FLOAT32) {
            return scores.softmax(-1);
        }
        return scores.toType(DataType.FLOAT32, false).softmax(-1).toType(scores.getDataType(), false);
    }

    /** RMSNorm over the last axis, in f32 as Hugging Face computes it: x / sqrt(mean(x^2) + eps) * w. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray x32 = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray rms = x32.mul(x32).mean(new int[] {-1}, true).add(config.rmsNormEps()).sqrt(); // [..., 1]
        NDArray normed = x32.div(rms);
        if (normed.getDataType() != weight.getDataType()) {
            normed = normed.toType(weight.getDataType(), false);
        }
        return normed.mul(weight);
    }

    @Override
    public void close() {
        weights.close();
    }
}
