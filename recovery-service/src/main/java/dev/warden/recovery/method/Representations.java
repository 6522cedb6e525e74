package dev.warden.recovery.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import java.util.List;

/**
 * The representation of RECOVERY-METHOD.md: the hidden state output by decoder layer L* (before any final
 * norm) at the LAST prompt token. Prompts of a batch are left-padded, so the last position is every row's
 * last real token.
 *
 * <p>Legend: B prompts, T tokens (the longest prompt), D hidden size.
 */
public final class Representations {

    private Representations() {
    }

    /**
     * Runs the first {@code layers} decoder layers on {@code prompts} and returns {@code h_layers} at each
     * prompt's last token, on the autograd path when a gradient collector is active.
     *
     * @return [B, D], owned by {@code m}
     */
    public static NDArray lastHidden(LlamaModel model, List<long[]> prompts, int layers, NDManager m) {
        NDArray[] inputs = leftPadded(prompts, m); // tokens, positions, validity: [B, T] each
        ForwardOutput out = model.forward(inputs[0], inputs[1], inputs[2], null, ForwardOptions.hiddenUpTo(layers));
        NDArray hidden = out.hiddenStates().get(layers); // [B, T, D]
        out.hiddenStates().forEach(h -> h.attach(m)); // freed with m, whichever manager the ops chose
        return hidden.get(new NDIndex(":, -1, :")); // [B, D]
    }

    /**
     * The mean of {@code h_layers} at the last token over all {@code prompts}, computed batch by batch
     * without gradients.
     *
     * @return [D] as a Java array
     */
    public static float[] meanLastHidden(LlamaModel model, List<List<long[]>> batches, int layers) {
        float[] sum = null;
        int count = 0;
        for (List<long[]> batch : batches) {
            try (NDScope scope = new NDScope(); NDManager m = model.newManager()) {
                scope.suppressNotUsedWarning();
                float[] s = lastHidden(model, batch, layers, m).sum(new int[] {0}).toFloatArray(); // [D]
                if (sum == null) {
                    sum = new float[s.length];
                }
                for (int i = 0; i < s.length; i++) {
                    sum[i] += s[i];
                }
                count += batch.size();
            }
        }
        if (sum == null) {
            throw new IllegalArgumentException("no prompts");
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= count;
        }
        return sum;
    }

    /**
     * Hidden states at the last token for every layer {@code 0..L} (0 = embeddings), for the alignment
     * geometry: {@code [layer][prompt][D]}.
     */
    public static float[][][] lastHiddenAllLayers(LlamaModel model, List<long[]> prompts, int batchSize) {
        int layers = model.config().numHiddenLayers();
        float[][][] out = new float[layers + 1][prompts.size()][];
        for (int from = 0; from < prompts.size(); from += batchSize) {
            List<long[]> batch = prompts.subList(from, Math.min(prompts.size(), from + batchSize));
            try (NDScope scope = new NDScope(); NDManager m = model.newManager()) {
                scope.suppressNotUsedWarning();
                NDArray[] inputs = leftPadded(batch, m);
                try (ForwardOutput o = model.forward(inputs[0], inputs[1], inputs[2], null,
                        ForwardOptions.hiddenUpTo(layers))) {
                    for (int l = 0; l <= layers; l++) {
                        NDArray last = o.hiddenStates().get(l).get(new NDIndex(":, -1, :")); // [B, D]
                        long d = last.getShape().get(1);
                        float[] flat = last.toFloatArray();
                        for (int b = 0; b < batch.size(); b++) {
                            float[] row = new float[(int) d];
                            System.arraycopy(flat, (int) (b * d), row, 0, (int) d);
                            out[l][from + b] = row;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** tokens, positions and validity, each [B, T], left-padded with token 0 (masked out). */
    static NDArray[] leftPadded(List<long[]> prompts, NDManager m) {
        int b = prompts.size();
        int t = 0;
        for (long[] p : prompts) {
            if (p.length == 0) {
                throw new IllegalArgumentException("empty prompt");
            }
            t = Math.max(t, p.length);
        }
        long[] tokens = new long[b * t];
        long[] positions = new long[b * t];
        float[] validity = new float[b * t];
        for (int r = 0; r < b; r++) {
            long[] p = prompts.get(r);
            int pad = t - p.length;
            for (int j = 0; j < p.length; j++) {
                tokens[r * t + pad + j] = p[j];
                positions[r * t + pad + j] = j;
                validity[r * t + pad + j] = 1f;
            }
        }
        return new NDArray[] {
            m.create(tokens).reshape(b, t), // [B, T]
            m.create(positions).reshape(b, t), // [B, T]
            m.create(validity).reshape(b, t) // [B, T] (W is always f32)
        };
    }
}
