package dev.warden.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.llama.WeightNames;
import dev.warden.model.safetensors.BFloat16;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.ShardedSafeTensors;
import dev.warden.model.safetensors.TensorAccessException;
import dev.warden.model.safetensors.TensorSource;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bf16 checkpoint loads into exactly the model its f32 twin loads into (same bf16-representable values), and
 * without an f32 copy of the model, or of a tensor, outside the engine: the reader widens through one small
 * reused block, the heap grows by a small fraction of the model, direct memory by at most that block.
 */
class Bf16LoadTest {

    // V 4096, D 256, 2 layers, MLP 512, untied: 8.4 MB of f32, its two largest tensors 4 MB each
    private static final ModelConfig CONFIG = TestConfigs.builder().vocab(4096).hidden(256).intermediate(512)
            .layers(2).heads(4).kvHeads(2).maxPositions(64).tied(false).build();

    @TempDir
    static Path dir;

    private static Path f32;
    private static Path bf16;

    @BeforeAll
    static void writeTwins() {
        f32 = dir.resolve("f32");
        bf16 = dir.resolve("bf16");
        try (NDManager root = NDManager.newBaseManager();
             LlamaWeights weights = bf16Representable(CONFIG, root.newSubManager())) {
            CheckpointWriter.writeWeights(f32, weights, DType.F32);
            CheckpointWriter.writeWeights(bf16, weights, DType.BF16);
        }
    }

    /** Random weights whose every value is a bf16 value, so that storing them as bf16 loses nothing. */
    private static LlamaWeights bf16Representable(ModelConfig config, NDManager manager) {
        Random rng = new Random(7);
        return LlamaWeights.load(config, (name, shape, type, m) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                float v = WeightNames.isNorm(name) ? 1f + 0.1f * (float) rng.nextGaussian()
                        : 0.05f * (float) rng.nextGaussian();
                values[i] = BFloat16.toFloat(BFloat16.fromFloat(v));
            }
            return m.create(values, shape).toType(type, false);
        }, DataType.FLOAT32, manager);
    }

    private static LlamaWeights load(Path checkpoint, SafeTensorsWeightReader[] reader, int blockBytes,
                                     NDManager manager) {
        try (TensorSource source = ShardedSafeTensors.open(checkpoint)) {
            reader[0] = new SafeTensorsWeightReader(source, blockBytes);
            return LlamaWeights.load(CONFIG, reader[0], DataType.FLOAT32, manager);
        }
    }

    private static float[] logits(LlamaModel model) {
        long[] ids = {1, 4095, 17, 2048, 300, 9};
        try (NDManager m = model.newManager()) {
            NDArray tokens = m.create(ids, new Shape(1, ids.length));
            NDArray positions = m.arange(0, ids.length, 1, DataType.INT64).reshape(1, ids.length);
            try (ForwardOutput out = model.forward(tokens, positions, null, null, ForwardOptions.allLogits())) {
                return out.logits().toFloatArray();
            }
        }
    }

    @Test
    void bf16GivesTheF32ModelsWeightsAndLogitsExactly() {
        SafeTensorsWeightReader[] reader = new SafeTensorsWeightReader[1];
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel fromF32 = new LlamaModel(load(f32, reader, SafeTensorsWeightReader.DEFAULT_BLOCK_BYTES,
                     root.newSubManager()))) {
            assertEquals(0, reader[0].blockCapacity(), "an f32 checkpoint needs no widening");
            float[] expected = logits(fromF32);
            // the default block (whole tensors here); 3 KB: 3 rows of D 256 per block, a partial last block;
            // 1.5 KB: the rows of MLP down ([256, 512], 2 KB) are larger than a block
            for (int blockBytes : new int[] {SafeTensorsWeightReader.DEFAULT_BLOCK_BYTES, 3072, 1536}) {
                try (LlamaModel fromBf16 = new LlamaModel(load(bf16, reader, blockBytes, root.newSubManager()))) {
                    for (Map.Entry<String, NDArray> e : fromF32.weights().byName().entrySet()) {
                        assertArrayEquals(e.getValue().toFloatArray(),
                                fromBf16.weights().byName().get(e.getKey()).toFloatArray(), 0f, e.getKey());
                    }
                    assertArrayEquals(expected, logits(fromBf16), 0f, "block " + blockBytes);
                    assertTrue(reader[0].blockCapacity() <= Math.max(blockBytes, 512 * Float.BYTES),
                            "block " + reader[0].blockCapacity());
                }
            }
        }
    }

    @Test
    void noF32CopyOfTheModelOutsideTheEngine() {
        try (NDManager root = NDManager.newBaseManager()) {
            SafeTensorsWeightReader[] reader = new SafeTensorsWeightReader[1];
            // warm-up: classes loaded, the engine started
            load(bf16, reader, 64 * 1024, root.newSubManager()).close();
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(p -> p.getName().equals("direct")).findFirst().orElseThrow();
            int block = 1024 * 1024; // 1 MB: a quarter of the largest tensor's f32
            long directBefore = direct.getMemoryUsed();
            long heapBefore = threads.getCurrentThreadAllocatedBytes();
            try (LlamaWeights weights = load(bf16, reader, block, root.newSubManager())) {
                long heap = threads.getCurrentThreadAllocatedBytes() - heapBefore;
                long directGrowth = direct.getMemoryUsed() - directBefore;
                long f32Bytes = weights.parameterCount() * Float.BYTES;
                long largest = weights.embed().getShape().size() * Float.BYTES;
                assertTrue(f32Bytes > 8_000_000, "the model is " + f32Bytes + " bytes of f32");
                assertTrue(heap < f32Bytes / 8, "heap allocated while loading: " + heap + " bytes, the model is "
                        + f32Bytes + " bytes of f32");
                assertTrue(directGrowth <= block, "direct memory grew by " + directGrowth + " bytes");
                assertEquals(block, reader[0].blockCapacity());
                assertTrue(reader[0].blockCapacity() < largest / 2, "the largest tensor is " + largest + " bytes");
            }
        }
    }

    @Test
    void aRunOutsideTheTensorIsRefused() {
        try (TensorSource source = ShardedSafeTensors.open(bf16)) {
            String name = WeightNames.FINAL_NORM; // [256]
            ByteBuffer four = ByteBuffer.allocateDirect(4 * Float.BYTES);
            source.readF32(name, 252, four);
            assertEquals(source.readFloats(name)[255], four.order(ByteOrder.LITTLE_ENDIAN).getFloat(12));
            assertEquals(0, four.position(), "the position does not move");
            assertThrows(TensorAccessException.class, () -> source.readF32(name, 253, four));
        }
    }
}
