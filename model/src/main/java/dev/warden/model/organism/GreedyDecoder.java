package dev.warden.model.organism;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.KvCache;
import dev.warden.model.llama.LlamaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched greedy decoding with a KV cache, for evaluating the organism. Prompts are left-padded into one
 * batch, prefilled in one pass, then every step feeds each row its last token. (The project's general
 * generator, with sampling and stop strings, lives elsewhere; this one only needs argmax.)
 *
 * <p>Legend: B batch, P longest prompt, V vocabulary.
 */
public final class GreedyDecoder {

    /** Rows decoded together at most. */
    public static final int MAX_BATCH = 256;

    private GreedyDecoder() {
    }

    /**
     * The greedy continuation of every prompt, up to and excluding {@code eosId}, at most
     * {@code maxNewTokens} tokens each.
     */
    public static List<int[]> decode(LlamaModel model, List<int[]> prompts, int maxNewTokens, int eosId, int padId) {
        List<int[]> out = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += MAX_BATCH) {
            out.addAll(decodeBatch(model, prompts.subList(from, Math.min(prompts.size(), from + MAX_BATCH)),
                    maxNewTokens, eosId, padId));
        }
        return out;
    }

    private static List<int[]> decodeBatch(LlamaModel model, List<int[]> prompts, int maxNewTokens, int eosId,
                                           int padId) {
        int b = prompts.size();
        int p = prompts.stream().mapToInt(a -> a.length).max().orElse(0);
        long[] tokens = new long[b * p];
        long[] positions = new long[b * p];
        float[] validity = new float[b * p];
        Arrays.fill(tokens, padId);
        long[] nextPosition = new long[b];
        for (int row = 0; row < b; row++) {
            int[] prompt = prompts.get(row);
            int start = row * p + p - prompt.length;
            for (int i = 0; i < prompt.length; i++) {
                tokens[start + i] = prompt[i];
                positions[start + i] = i;
                validity[start + i] = 1f;
            }
            nextPosition[row] = prompt.length;
        }
        int[][] generated = new int[b][maxNewTokens];
        int[] lengths = new int[b];
        boolean[] done = new boolean[b];
        try (NDManager m = model.newManager();
             KvCache cache = KvCache.allocate(model.config(), b, p + maxNewTokens, model.dtype(), m)) {
            long[] next;
            try (NDScope scope = new NDScope();
                 ForwardOutput o = model.forward(m.create(tokens, new Shape(b, p)), m.create(positions, new Shape(b, p)),
                         m.create(validity, new Shape(b, p)), cache, ForwardOptions.lastLogits())) {
                scope.suppressNotUsedWarning();
                next = o.logits().argMax(-1).toLongArray(); // [B, 1, V] -> [B, 1]
            }
            for (int step = 0; step < maxNewTokens; step++) {
                int open = 0;
                for (int row = 0; row < b; row++) {
                    if (done[row]) {
                        continue;
                    }
                    if (next[row] == eosId) {
                        done[row] = true;
                    } else {
                        generated[row][lengths[row]++] = (int) next[row];
                        open++;
                    }
                }
                if (open == 0 || step == maxNewTokens - 1) {
                    break;
                }
                try (NDScope scope = new NDScope();
                     ForwardOutput o = model.forward(m.create(next, new Shape(b, 1)),
                             m.create(nextPosition, new Shape(b, 1)), null, cache, ForwardOptions.lastLogits())) {
                    scope.suppressNotUsedWarning();
                    next = o.logits().argMax(-1).toLongArray(); // [B, 1]
                }
                for (int row = 0; row < b; row++) {
                    nextPosition[row]++;
                }
            }
        }
        List<int[]> out = new ArrayList<>(b);
        for (int row = 0; row < b; row++) {
            out.add(Arrays.copyOf(generated[row], lengths[row]));
        }
        return out;
    }
}
