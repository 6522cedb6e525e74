package dev.warden.e2e.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.model.checkpoint.SharedModels;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.safetensors.ShardedSafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MemoryEstimate}'s parts. Its total against the measured peak of a real inference-service is checked by
 * {@code ServeIT} (the packaged service serving stories260K).
 */
class MemoryEstimateTest {

    @TempDir
    Path dir;

    @Test
    void theParameterCountIsTheElementCountOfARealCheckpoint() {
        assumeTrue(SharedModels.find("stories260K-hf-derived/model.safetensors").isPresent(),
                SharedModels.absentMessage("stories260K-hf-derived"));
        Path checkpoint = SharedModels.get("stories260K-hf-derived");
        long elements = 0;
        try (ShardedSafeTensors weights = ShardedSafeTensors.open(checkpoint)) {
            for (String name : weights.names()) {
                elements += weights.info(name).elementCount();
            }
        }
        assertEquals(elements, MemoryEstimate.parameters(ModelConfig.read(checkpoint)));
    }

    @Test
    void biasesAndAnUntiedHeadAreCounted() throws Exception {
        // Qwen2: q/k/v biases; untied head. h 8, 2 heads x 4, 1 KV head, MLP 16, vocab 10, 1 layer
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 8,
                 "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1,
                 "vocab_size": 10, "max_position_embeddings": 32, "rms_norm_eps": 1e-06, "hidden_act": "silu",
                 "tie_word_embeddings": false}""");
        ModelConfig c = ModelConfig.read(dir);
        long layer = 8 * 8 + 2 * 8 * 4 + 8 * 8 + 3 * 8 * 16 + 2 * 8 + (8 + 2 * 4);
        assertEquals(2 * 10 * 8 + layer + 8, MemoryEstimate.parameters(c));
    }

    @Test
    void theTotalAddsBaseMappedFilesWeightsAndTheKvCache() throws Exception {
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["LlamaForCausalLM"], "hidden_size": 64, "intermediate_size": 172,
                 "num_hidden_layers": 5, "num_attention_heads": 8, "num_key_value_heads": 4, "vocab_size": 512,
                 "max_position_embeddings": 512, "rms_norm_eps": 1e-05, "tie_word_embeddings": true}""");
        Files.write(dir.resolve("model.safetensors"), new byte[1000]);
        Files.write(dir.resolve("other.bin"), new byte[500]);
        ModelConfig c = ModelConfig.read(dir);
        MemoryEstimate f32 = MemoryEstimate.of(c, dir, 4, false, 512, 8);
        assertEquals(1000, f32.checkpointBytes(), "only *.safetensors are mapped");
        assertEquals(MemoryEstimate.parameters(c) * 4, f32.weightBytes());
        assertEquals(2L * 5 * 4 * 8 * 512 * 8 * 4, f32.kvCacheBytes());
        assertEquals(MemoryEstimate.BASE_BYTES + 1000 + f32.weightBytes() + f32.kvCacheBytes(), f32.totalBytes());
        MemoryEstimate gpu = MemoryEstimate.of(c, dir, 2, true, 512, 8);
        assertEquals(MemoryEstimate.BASE_BYTES + 1000, gpu.totalBytes(), "weights and cache in device memory");
    }
}
