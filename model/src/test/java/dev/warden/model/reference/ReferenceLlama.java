package dev.warden.model.reference;

import static dev.warden.model.reference.ReferenceMath.add;
import static dev.warden.model.reference.ReferenceMath.linear;
import static dev.warden.model.reference.ReferenceMath.rmsNorm;
import static dev.warden.model.reference.ReferenceMath.silu;
import static dev.warden.model.reference.ReferenceMath.slice;
import static dev.warden.model.reference.ReferenceMath.softmax;

import dev.warden.model.llama.WeightNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An independent, deliberately plain forward pass of a Llama-family causal LM for one sequence, written
 * from the semantics of Hugging Face {@code modeling_llama.py} ({@code LlamaForCausalLM}, eager attention):
 * token embedding; per layer {@code h += o_proj(attn(rope(q), rope(k), v))} on the input-normed stream and
 * {@code h += down(silu(gate(x)) * up(x))} on the post-attention-normed stream; final RMSNorm; LM head (or
 * the embedding table when tied). No DJL, double-precision accumulation, one loop per formula: it exists
 * to be obviously right, not fast.
 *
 * <p>Legend: T tokens, V vocabulary, D hidden size, H query heads, G key/value heads, R = H / G, E head
 * dim, F intermediate size. Query head {@code h} reads key/value head {@code h / R} (HF {@code repeat_kv}).
 * Weights are HF-named float arrays, row-major in HF layout ({@code [out, in]} for projections).
 */
public final class ReferenceLlama {

    private final ReferenceSpec spec;
    private final Map<String, float[]> weights;

    /** A reference model over {@code weights}, which it reads but never changes. */
    public ReferenceLlama(ReferenceSpec spec, Map<String, float[]> weights) {
        this.spec = spec;
        this.weights = weights;
    }

    /** The forward pass at positions 0 .. T-1. */
    public ReferenceOutput forward(int[] tokens) {
        int[] positions = new int[tokens.length];
        for (int t = 0; t < positions.length; t++) {
            positions[t] = t;
        }
        return forward(tokens, positions);
    }

    /**
     * The forward pass with explicit rotary positions (causality is by token index, as in HF).
     *
     * @param tokens [T] token ids
     * @param positions [T] rotary positions
     */
    public ReferenceOutput forward(int[] tokens, int[] positions) {
        int n = tokens.length;
        int d = spec.hiddenSize();
        float[] embed = tensor(WeightNames.EMBED, (long) spec.vocabSize() * d);
        double[][] h = new double[n][d];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d; i++) {
                h[t][i] = embed[tokens[t] * d + i];
            }
        }
        List<double[][]> hidden = new ArrayList<>();
        hidden.add(copy(h));
        for (int layer = 0; layer < spec.layers(); layer++) {
            h = decoderLayer(layer, h, positions);
            hidden.add(copy(h));
        }
        float[] finalNorm = tensor(WeightNames.FINAL_NORM, d);
        float[] head = spec.tiedEmbeddings() ? embed : tensor(WeightNames.LM_HEAD, (long) spec.vocabSize() * d);
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = linear(rmsNorm(h[t], finalNorm, spec.rmsNormEps()), head, null, spec.vocabSize());
        }
        return new ReferenceOutput(logits, hidden);
    }

    private double[][] decoderLayer(int layer, double[][] h, int[] positions) {
        int n = h.length;
        float[] inputNorm = tensor(WeightNames.layer(layer, "input_layernorm.weight"), spec.hiddenSize());
        float[] postNorm = tensor(WeightNames.layer(layer, "post_attention_layernorm.weight"), spec.hiddenSize());
        double[][] normed = new double[n][];
        for (int t = 0; t < n; t++) {
            normed[t] = rmsNorm(h[t], inputNorm, spec.rmsNormEps());
        }
        double[][] attn = attention(layer, normed, positions);
        double[][] out = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] residual = add(h[t], attn[t]);
            out[t] = add(residual, mlp(layer, rmsNorm(residual, postNorm, spec.rmsNormEps())));
        }
        return out;
    }

    /** Causal grouped-query self-attention over normed inputs x [T][D], returning [T][D]. */
    private double[][] attention(int layer, double[][] x, int[] positions) {
        int n = x.length;
        int heads = spec.heads();
        int kvHeads = spec.kvHeads();
        int e = spec.headDim();
        int perKv = heads / kvHeads;
        long inD = spec.hiddenSize();
        float[] wq = tensor(WeightNames.layer(layer, "self_attn.q_proj.weight"), heads * e * inD);
        float[] wk = tensor(WeightNames.layer(layer, "self_attn.k_proj.weight"), kvHeads * e * inD);
        float[] wv = tensor(WeightNames.layer(layer, "self_attn.v_proj.weight"), kvHeads * e * inD);
        float[] wo = tensor(WeightNames.layer(layer, "self_attn.o_proj.weight"), heads * e * inD);
        float[] bq = spec.qkvBias() ? tensor(WeightNames.layer(layer, "self_attn.q_proj.bias"), heads * e) : null;
        float[] bk = spec.qkvBias() ? tensor(WeightNames.layer(layer, "self_attn.k_proj.bias"), kvHeads * e) : null;
        float[] bv = spec.qkvBias() ? tensor(WeightNames.layer(layer, "self_attn.v_proj.bias"), kvHeads * e) : null;
        float[] bo = bias(layer, "self_attn.o_proj.bias", spec.hiddenSize());

        // q[t][h] = rope(slice h of q_proj(x_t)), k likewise per kv head, v without rope
        double[][][] q = new double[n][heads][];
        double[][][] k = new double[n][kvHeads][];
        double[][][] v = new double[n][kvHeads][];
        for (int t = 0; t < n; t++) {
            double[] qFlat = linear(x[t], wq, bq, heads * e);
            double[] kFlat = linear(x[t], wk, bk, kvHeads * e);
            double[] vFlat = linear(x[t], wv, bv, kvHeads * e);
            for (int hd = 0; hd < heads; hd++) {
                q[t][hd] = ReferenceRope.apply(slice(qFlat, hd * e, e), positions[t], spec.inverseFrequencies());
            }
            for (int g = 0; g < kvHeads; g++) {
                k[t][g] = ReferenceRope.apply(slice(kFlat, g * e, e), positions[t], spec.inverseFrequencies());
                v[t][g] = slice(vFlat, g * e, e);
            }
        }

        double scale = 1.0 / Math.sqrt(e);
        double[][] out = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] concat = new double[heads * e];
            for (int hd = 0; hd < heads; hd++) {
                int g = hd / perKv;
                double[] scores = new double[t + 1]; // keys 0..t: causal
                for (int s = 0; s <= t; s++) {
                    double dot = 0;
                    for (int i = 0; i < e; i++) {
                        dot += q[t][hd][i] * k[s][g][i];
                    }
                    scores[s] = dot * scale;
                }
                double[] p = softmax(scores);
                for (int s = 0; s <= t; s++) {
                    for (int i = 0; i < e; i++) {
                        concat[hd * e + i] += p[s] * v[s][g][i];
                    }
                }
            }
            out[t] = linear(concat, wo, bo, spec.hiddenSize());
        }
        return out;
    }

    /** SwiGLU MLP: {@code down(silu(gate(x)) * up(x))}, x [D] -> [D]. */
    private double[] mlp(int layer, double[] x) {
        int f = spec.intermediateSize();
        long d = spec.hiddenSize();
        double[] gate = linear(x, tensor(WeightNames.layer(layer, "mlp.gate_proj.weight"), f * d),
                bias(layer, "mlp.gate_proj.bias", f), f);
        double[] up = linear(x, tensor(WeightNames.layer(layer, "mlp.up_proj.weight"), f * d),
                bias(layer, "mlp.up_proj.bias", f), f);
        double[] product = new double[f];
        for (int i = 0; i < f; i++) {
            product[i] = silu(gate[i]) * up[i];
        }
        return linear(product, tensor(WeightNames.layer(layer, "mlp.down_proj.weight"), d * f),
                bias(layer, "mlp.down_proj.bias", (int) d), (int) d);
    }

    /** The o_proj / MLP bias of a Llama with attention_bias and mlp_bias, or null when the spec has none. */
    private float[] bias(int layer, String suffix, int size) {
        return spec.llamaBiases() ? tensor(WeightNames.layer(layer, suffix), size) : null;
    }

    private float[] tensor(String name, long size) {
        float[] values = weights.get(name);
        if (values == null) {
            throw new IllegalArgumentException("reference weights have no tensor '" + name + "'");
        }
        if (values.length != size) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + values.length + " values, expected "
                    + size);
        }
        return values;
    }

    private static double[][] copy(double[][] x) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            out[t] = x[t].clone();
        }
        return out;
    }
}
