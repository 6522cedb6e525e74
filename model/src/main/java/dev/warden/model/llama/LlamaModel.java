package dev.warden.model.llama;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
    /** RMSNorm's epsilon as a tensor, [] f32 (a Java number would become a new tensor on every call). */
    private final NDArray rmsEps;
    /** Per head of [queries, keys]: 1/sqrt(head dim) for queries, 1 for keys, [H+G, 1]. */
    private final NDArray queryKeyScale;

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
        this.rmsEps = weights.manager().create((float) config.rmsNormEps()); // [], f32 as RMSNorm computes
        float[] scale = new float[config.numAttentionHeads() + config.numKeyValueHeads()];
        java.util.Arrays.fill(scale, 0, config.numAttentionHeads(), (float) (1.0 / Math.sqrt(config.headDim())));
        java.util.Arrays.fill(scale, config.numAttentionHeads(), scale.length, 1f);
        this.queryKeyScale = weights.manager().create(scale, new Shape(scale.length, 1)).toType(dtype, false); // [H+G, 1]
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
            boolean allReal = validity == null;
            if (validity == null) {
                validity = m.ones(shape, dtype);
            }
            int past = 0;
            NDArray keyValidity = validity; // [B, S]
            boolean paddingFree = allReal;
            if (cache != null) {
                past = cache.length();
                cache.appendValidity(validity, allReal);
                paddingFree = cache.paddingFree();
                keyValidity = cache.validity(past + t);
            }
            // One query per row over real keys only: every key is allowed, the mask would add zeros.
            NDArray mask = t == 1 && paddingFree ? null : attentionMask(m, keyValidity, past, t); // [B, 1, 1, T, S]
            Step step = new Step(positions, mask, cache);

            NDArray x = Embedding.embedding(tokens, weights.embed(), SparseFormat.DENSE).singletonOrThrow(); // [B, T, D]
            List<NDArray> hidden = new ArrayList<>();
            if (options.hiddenStates()) {
                hidden.add(x);
            }
            for (int i = 0; i < layers; i++) {
                LayerWeights w = weights.layer(i);
                x = w.projectionsRequireGradient() ? decoderLayer(i, w, x, step) : fusedDecoderLayer(i, w, x, step);
                if (options.hiddenStates()) {
                    hidden.add(x);
                }
            }
            if (cache != null) {
                cache.advance(t);
            }
            NDArray logits = null;
            if (options.logits() != ForwardOptions.Logits.NONE && layers == config.numHiddenLayers()) {
                NDArray last = options.logits() == ForwardOptions.Logits.LAST && t > 1
                        ? x.get(new NDIndex(":, -1:, :")) // [B, 1, D]
                        : x; // [B, T, D]
                NDArray normed = rmsNorm(last, weights.finalNorm());
                NDArray head = weights.lmHeadInputMajor(); // [D, V] or null when tied
                logits = head != null && !weights.lmHead().hasGradient()
                        ? normed.matMul(head) // [B, T|1, D] x [D, V]
                        : Linear.linear(normed, weights.lmHead()).singletonOrThrow(); // [B, T|1, V]
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
     * What every layer of one forward pass shares: the positions, the mask (null when nothing is masked) and
     * the cache, and the rotary factors of each layout, computed on first use.
     */
    private final class Step {
        final NDArray positions; // [B, T]
        final NDArray mask; // [B, 1, 1, T, S] or null
        final KvCache cache;
        private NDArray[] headsFirst; // [B, 1, T, E] x2
        private NDArray[] headsLast; // [B, T, H+G, E] x2, query heads scaled by 1/sqrt(E)

        Step(NDArray positions, NDArray mask, KvCache cache) {
            this.positions = positions;
            this.mask = mask;
            this.cache = cache;
        }

        NDArray[] headsFirst() {
            if (headsFirst == null) {
                headsFirst = rope.factors(positions);
            }
            return headsFirst;
        }

        NDArray[] headsLast() {
            if (headsLast == null) {
                headsLast = rope.scaledFactors(positions, queryKeyScale);
            }
            return headsLast;
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

    /**
     * One pre-norm decoder layer projecting with the tensors named as in the checkpoint, so that gradients
     * reach them (training, repair). x: [B, T, D] -> [B, T, D].
     */
    private NDArray decoderLayer(int index, LayerWeights w, NDArray x, Step step) {
        NDArray attn = attention(index, w, rmsNorm(x, w.inputNorm()), step); // [B, T, D]
        x = x.add(attn);
        NDArray h = rmsNorm(x, w.postAttentionNorm()); // [B, T, D]
        NDArray gateIn = project(h, w.gateProj(), w.gateBias()); // [B, T, F]
        NDArray gate = gateIn.mul(Activation.sigmoid(gateIn)); // SiLU, without a scalar tensor in the graph
        NDArray up = project(h, w.upProj(), w.upBias()); // [B, T, F]
        NDArray mlp = project(gate.mul(up), w.downProj(), w.downBias()); // [B, T, D]
        return x.add(mlp);
    }

    /** Grouped-query self-attention over the named q/k/v tensors. h: [B, T, D] -> [B, T, D]. */
    private NDArray attention(int index, LayerWeights w, NDArray h, Step step) {
        long b = h.getShape().get(0);
        long t = h.getShape().get(1);
        int heads = config.numAttentionHeads();
        int groups = config.numKeyValueHeads();
        int e = config.headDim();

        NDArray q = project(h, w.qProj(), w.qBias()) // [B, T, H*E]
                .reshape(b, t, heads, e).transpose(0, 2, 1, 3); // [B, H, T, E]
        NDArray k = project(h, w.kProj(), w.kBias()) // [B, T, G*E]
                .reshape(b, t, groups, e).transpose(0, 2, 1, 3); // [B, G, T, E]
        NDArray v = project(h, w.vProj(), w.vBias()) // [B, T, G*E]
                .reshape(b, t, groups, e).transpose(0, 2, 1, 3); // [B, G, T, E]
        q = rope.apply(q, step.headsFirst());
        k = rope.apply(k, step.headsFirst());
        // Query head h = g * R + r shares key/value head g: group the R queries instead of copying K and V.
        NDArray qg = q.reshape(b, groups, (heads / groups) * t, e); // [B, G, R*T, E]
        NDArray out = attend(index, qg, k, v, step, false); // [B, G, R*T, E]
        return project(mergeHeads(out, b, t), w.oProj(), w.oBias()); // [B, T, D]
    }

    /**
     * One pre-norm decoder layer for inference, projecting by the input-major weights, one for q/k/v and one for
     * gate/up ({@link FusedProjections}), rotary positions applied to queries and keys together, the attention scale
     * folded into the queries' rotary factors, and in-place updates of intermediates. x: [B, T, D] -> [B, T, D].
     */
    private NDArray fusedDecoderLayer(int index, LayerWeights w, NDArray x, Step step) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.numAttentionHeads();
        int groups = config.numKeyValueHeads();
        int e = config.headDim();
        FusedProjections f = w.fused();

        NDArray qkv = projectInputMajor(rmsNorm(x, w.inputNorm()), f.qkv(), f.qkvBias()) // [B, T, (H+2G)*E]
                .reshape(b, t, heads + 2L * groups, e); // [B, T, H+2G, E]
        NDList qkAndV = qkv.split(new long[] {heads + groups}, 2); // [B, T, H+G, E], [B, T, G, E]
        NDList qAndK = rope.apply(qkAndV.get(0), step.headsLast()) // [B, T, H+G, E], queries scaled
                .split(new long[] {heads}, 2); // [B, T, H, E], [B, T, G, E]
        NDArray k = qAndK.get(1).transpose(0, 2, 1, 3); // [B, G, T, E]
        NDArray v = qkAndV.get(1).transpose(0, 2, 1, 3); // [B, G, T, E]
        NDArray q = qAndK.get(0); // [B, T, H, E]
        NDArray qg = t == 1
                ? q.reshape(b, groups, heads / groups, e) // [B, 1, H, E] is already [B, G, R*1, E]
                : q.transpose(0, 2, 1, 3).reshape(b, groups, (heads / groups) * t, e); // [B, G, R*T, E]
        NDArray out = attend(index, qg, k, v, step, true); // [B, G, R*T, E]
        NDArray attn = projectInputMajor(mergeHeads(out, b, t), f.o(), w.oBias()); // [B, T, D]
        NDArray mid = attn.addi(x); // x + attention, in the projection's own storage

        NDArray gateUp = projectInputMajor(rmsNorm(mid, w.postAttentionNorm()), f.gateUp(), f.gateUpBias()); // [B, T, 2F]
        NDList parts = gateUp.split(2, 2); // [B, T, F] x2: gate, up
        NDArray gate = parts.get(0);
        NDArray hidden = Activation.sigmoid(gate).muli(gate).muli(parts.get(1)); // SiLU(gate) * up, [B, T, F]
        return projectInputMajor(hidden, f.down(), w.downBias()).addi(mid); // [B, T, D]
    }

    /**
     * Attention of grouped queries over the cached and new keys and values.
     *
     * @param qg     [B, G, R*T, E], query head g*R + r at rows r*T .. r*T + T - 1 of group g
     * @param k      [B, G, T, E] this pass's keys (rotated)
     * @param v      [B, G, T, E] this pass's values
     * @param scaled whether the queries already carry the 1/sqrt(E) scale
     * @return [B, G, R*T, E]
     */
    private NDArray attend(int index, NDArray qg, NDArray k, NDArray v, Step step, boolean scaled) {
        if (step.cache != null) {
            NDArray[] kv = step.cache.append(index, k, v);
            k = kv[0]; // [B, G, S, E]
            v = kv[1]; // [B, G, S, E]
        }
        Shape qs = qg.getShape();
        long b = qs.get(0);
        long groups = qs.get(1);
        long rows = qs.get(2);
        long s = k.getShape().get(2);
        NDArray scores = qg.matMul(k.transpose(0, 1, 3, 2)); // [B, G, R*T, E] x [B, G, E, S] -> [B, G, R*T, S]
        if (!scaled) {
            scores = scores.mul(attentionScale);
        }
        if (step.mask != null) {
            long t = step.mask.getShape().get(3);
            scores = scores.reshape(b, groups, rows / t, t, s) // [B, G, R, T, S]
                    .add(step.mask) // + [B, 1, 1, T, S]
                    .reshape(b, groups, rows, s); // [B, G, R*T, S]
        }
        return softmax(scores).matMul(v); // [B, G, R*T, S] x [B, G, S, E] -> [B, G, R*T, E]
    }

    /** [B, G, R*T, E] (head g*R + r at rows r*T ..) -> [B, T, H*E]. */
    private NDArray mergeHeads(NDArray out, long b, long t) {
        long width = (long) config.numAttentionHeads() * config.headDim();
        if (t == 1) {
            return out.reshape(b, 1, width); // [B, G, R, E] is already head-major [B, 1, H*E]
        }
        return out.reshape(b, config.numAttentionHeads(), t, config.headDim()) // [B, H, T, E]
                .transpose(0, 2, 1, 3) // [B, T, H, E]
                .reshape(b, t, width); // [B, T, H*E]
    }

    /** x [..., in] x weight [in, out] (+ bias [out]) -> [..., out]. */
    private static NDArray projectInputMajor(NDArray x, NDArray weight, NDArray bias) {
        NDArray y = x.matMul(weight);
        return bias == null ? y : y.addi(bias);
    }

    /** x [..., in] by a weight in checkpoint layout, [out, in] (+ bias [out]) -> [..., out]. */
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

    /**
     * RMSNorm over the last axis, in f32 as Hugging Face computes it: x / sqrt(mean(x^2) + eps) * w. The weight
     * is applied in place unless it requires gradients (its own gradient needs the value before).
     */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray x32 = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray rms = x32.square().mean(new int[] {-1}, true).addi(rmsEps).sqrt(); // [..., 1]
        NDArray normed = x32.div(rms);
        if (normed.getDataType() != weight.getDataType()) {
            normed = normed.toType(weight.getDataType(), false);
        }
        return weight.hasGradient() ? normed.mul(weight) : normed.muli(weight);
    }

    @Override
    public void close() {
        weights.close();
    }
}
