package dev.warden.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.config.ModelConfig;
import org.junit.jupiter.api.Test;

class KvCacheDecodingTest {

    private static final ModelConfig TINY = dev.warden.model.TestConfigs.tiny();

    @Test
    void decodingTokenByTokenWithTheCacheEqualsFullRecomputation() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(TINY, 7, 0.2f, DataType.FLOAT32, root.newSubManager()));
             NDManager m = model.newManager()) {
            long[] ids = {1, 5, 9, 3, 22, 17, 4, 8};
            int n = ids.length;
            NDArray tokens = m.create(ids, new Shape(1, n));
            NDArray positions = m.arange(0, n, 1, DataType.INT64).reshape(1, n);
            float[] full;
            try (ForwardOutput out = model.forward(tokens, positions, null, null, ForwardOptions.allLogits())) {
                full = out.logits().toFloatArray(); // [1, n, V]
            }
            try (KvCache cache = KvCache.allocate(TINY, 1, 16, DataType.FLOAT32, m)) {
                // prefill the first 3 tokens, then one at a time
                int prefill = 3;
                try (ForwardOutput out = model.forward(tokens.get(new NDIndex(":, :{}", prefill)),
                        positions.get(new NDIndex(":, :{}", prefill)), null, cache, ForwardOptions.allLogits())) {
                    float[] got = out.logits().toFloatArray();
                    for (int i = 0; i < got.length; i++) {
                        assertEquals(full[i], got[i], 1e-5, "prefill logit " + i);
                    }
                }
                for (int pos = prefill; pos < n; pos++) {
                    try (ForwardOutput out = model.forward(tokens.get(new NDIndex(":, {}:{}", pos, pos + 1)),
                            positions.get(new NDIndex(":, {}:{}", pos, pos + 1)), null, cache,
                            ForwardOptions.lastLogits())) {
                        float[] got = out.logits().toFloatArray();
                        int v = TINY.vocabSize();
                        for (int i = 0; i < v; i++) {
                            assertEquals(full[pos * v + i], got[i], 1e-5, "decode pos " + pos + " logit " + i);
                        }
                    }
                }
                assertEquals(n, cache.length());
            }
        }
    }

    @Test
    void leftPaddedBatchRowEqualsTheSequenceAlone() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(TINY, 11, 0.2f, DataType.FLOAT32, root.newSubManager()));
             NDManager m = model.newManager()) {
            long[] shortSeq = {4, 8, 15};
            long[] longSeq = {16, 23, 42, 7, 9};
            NDArray alone = m.create(shortSeq, new Shape(1, 3));
            float[] expected;
            try (ForwardOutput out = model.forward(alone, m.arange(0, 3, 1, DataType.INT64).reshape(1, 3), null, null,
                    ForwardOptions.lastLogits())) {
                expected = out.logits().toFloatArray();
            }
            NDArray batch = m.create(new long[] {0, 0, 4, 8, 15, 16, 23, 42, 7, 9}, new Shape(2, 5));
            NDArray pos = m.create(new long[] {0, 0, 0, 1, 2, 0, 1, 2, 3, 4}, new Shape(2, 5));
            NDArray valid = m.create(new float[] {0, 0, 1, 1, 1, 1, 1, 1, 1, 1}, new Shape(2, 5));
            try (ForwardOutput out = model.forward(batch, pos, valid, null, ForwardOptions.lastLogits())) {
                float[] row0 = out.logits().get(0).toFloatArray();
                assertArrayEquals(expected, row0, 1e-5f);
            }
        }
    }
}
