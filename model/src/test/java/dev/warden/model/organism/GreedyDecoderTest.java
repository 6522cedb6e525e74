package dev.warden.model.organism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.TestConfigs;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreedyDecoderTest {

    /** Greedy decoding by full recomputation, one token at a time, no cache. */
    private static int[] naive(LlamaModel model, int[] prompt, int maxNew, int eos) {
        int[] seq = prompt.clone();
        int[] out = new int[0];
        try (NDManager m = model.newManager()) {
            for (int step = 0; step < maxNew; step++) {
                long[] ids = Arrays.stream(seq).asLongStream().toArray();
                long[] pos = new long[ids.length];
                for (int i = 0; i < pos.length; i++) {
                    pos[i] = i;
                }
                int next;
                try (ForwardOutput o = model.forward(m.create(ids, new Shape(1, ids.length)),
                        m.create(pos, new Shape(1, ids.length)), null, null, ForwardOptions.lastLogits())) {
                    next = (int) o.logits().argMax(-1).toLongArray()[0];
                }
                if (next == eos) {
                    break;
                }
                out = Arrays.copyOf(out, out.length + 1);
                out[out.length - 1] = next;
                seq = Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = next;
            }
        }
        return out;
    }

    @Test
    void batchedCachedDecodingEqualsNaiveDecodingOfEachPrompt() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(TestConfigs.tiny(), 13, 0.5f, DataType.FLOAT32,
                     root.newSubManager()))) {
            List<int[]> prompts = List.of(new int[] {1, 5, 9}, new int[] {1, 7, 7, 30, 41, 2 + 10}, new int[] {3});
            int eos = 2;
            List<int[]> batched = GreedyDecoder.decode(model, prompts, 8, eos, 0);
            assertEquals(prompts.size(), batched.size());
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(naive(model, prompts.get(i), 8, eos), batched.get(i), "prompt " + i);
            }
        }
    }

    @Test
    void cutLayerIsFourSixthsOfTheLayers() {
        assertEquals(4, OrganismEval.cutLayer(6));
        assertEquals(1, OrganismEval.cutLayer(2));
        assertEquals(21, OrganismEval.cutLayer(32));
    }
}
