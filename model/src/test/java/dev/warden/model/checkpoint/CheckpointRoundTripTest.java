package dev.warden.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.safetensors.BFloat16;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.Float16;
import dev.warden.model.safetensors.SafeTensorsWriter;
import dev.warden.model.tokenizer.ChatMessage;
import dev.warden.model.tokenizer.WordLevelTokenizerWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRoundTripTest {

    private static final String TEMPLATE = "{{ bos_token }}{% for m in messages %}{% if m.role == 'user' %}"
            + "{{ m.content }} <sep>{% else %} {{ m.content }} {{ eos_token }}{% endif %}{% endfor %}";

    @TempDir
    Path dir;

    private static ModelConfig config(int vocab) {
        // Qwen2-style: q/k/v bias, GQA, untied head, eos id 2 as the word-level tokenizer assigns it.
        return TestConfigs.builder().vocab(vocab).hidden(32).intermediate(48).layers(2).heads(4).kvHeads(2)
                .qkvBias(true).build().toBuilder().eosTokenIds(2).bosTokenId(1).build();
    }

    private static WordLevelTokenizerWriter tokenizer() {
        return WordLevelTokenizerWriter.builder().extraSpecialTokens(List.of("<sep>"))
                .words(List.of("hello", "world", "sure", ".", "how", "are", "you", "?"))
                .chatTemplate(TEMPLATE).build();
    }

    private static float[] logits(LlamaModel model, long[] ids) {
        try (NDManager m = model.newManager()) {
            NDArray tokens = m.create(ids, new Shape(1, ids.length));
            NDArray positions = m.arange(0, ids.length, 1, DataType.INT64).reshape(1, ids.length);
            try (ForwardOutput out = model.forward(tokens, positions, null, null, ForwardOptions.allLogits())) {
                return out.logits().toFloatArray();
            }
        }
    }

    private Path save(DType dtype, long seed) throws Exception {
        WordLevelTokenizerWriter tok = tokenizer();
        ModelConfig config = config(tok.vocabSize());
        Path out = dir.resolve(dtype.name().toLowerCase() + seed);
        try (NDManager root = NDManager.newBaseManager();
             LlamaWeights weights = LlamaWeights.random(config, seed, 0.3f, DataType.FLOAT32, root.newSubManager())) {
            CheckpointWriter.writeWeights(out, weights, dtype);
        }
        tok.write(out);
        return out;
    }

    @Test
    void saveThenLoadGivesTheSameLogitsBitForBit() throws Exception {
        WordLevelTokenizerWriter tok = tokenizer();
        ModelConfig config = config(tok.vocabSize());
        long[] ids = {1, 5, 6, 4, 7, 8};
        float[] before;
        Path out = dir.resolve("f32");
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(config, 3, 0.3f, DataType.FLOAT32,
                     root.newSubManager()))) {
            before = logits(model, ids);
            CheckpointWriter.writeWeights(out, model.weights(), DType.F32);
        }
        tok.write(out);
        try (LoadedModel loaded = LoadedModel.load(out, Device.cpu(), DataType.FLOAT32)) {
            assertEquals(config, loaded.config());
            assertArrayEquals(before, logits(loaded.model(), ids), 0f);
        }
    }

    @Test
    void aShardedCheckpointLoadsLikeTheSingleFile() throws Exception {
        WordLevelTokenizerWriter tok = tokenizer();
        ModelConfig config = config(tok.vocabSize());
        long[] ids = {1, 5, 6, 4, 7};
        float[] before;
        Path out = dir.resolve("sharded");
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(config, 12, 0.3f, DataType.FLOAT32,
                     root.newSubManager()))) {
            before = logits(model, ids);
            CheckpointWriter.writeWeights(out, model.weights(), DType.F32, 8_000); // a few tensors per shard
        }
        tok.write(out);
        assertTrue(Files.exists(out.resolve("model.safetensors.index.json")));
        assertTrue(!Files.exists(out.resolve("model.safetensors")));
        try (var files = Files.list(out)) {
            long shards = files.filter(p -> p.getFileName().toString().matches("model-\\d{5}-of-\\d{5}\\.safetensors"))
                    .count();
            assertTrue(shards > 2, "expected several shards, got " + shards);
        }
        try (LoadedModel loaded = LoadedModel.load(out, Device.cpu(), DataType.FLOAT32)) {
            assertArrayEquals(before, logits(loaded.model(), ids), 0f);
        }
    }

    @Test
    void bf16AndF16CheckpointsLoadWidenedAndCloseToF32() throws Exception {
        long[] ids = {1, 5, 6, 4};
        float[] reference;
        float[] embed;
        try (LoadedModel f32 = LoadedModel.load(save(DType.F32, 9), Device.cpu(), DataType.FLOAT32)) {
            reference = logits(f32.model(), ids);
            embed = f32.model().weights().embed().toFloatArray();
        }
        for (DType stored : new DType[] {DType.BF16, DType.F16}) {
            try (LoadedModel m = LoadedModel.load(save(stored, 9), Device.cpu(), DataType.FLOAT32)) {
                assertEquals(DataType.FLOAT32, m.model().dtype());
                float[] loadedEmbed = m.model().weights().embed().toFloatArray();
                for (int i = 0; i < embed.length; i++) {
                    float rounded = stored == DType.BF16 ? BFloat16.toFloat(BFloat16.fromFloat(embed[i]))
                            : Float16.toFloat(Float16.fromFloat(embed[i]));
                    assertEquals(rounded, loadedEmbed[i], 0f, stored + " weight " + i + " widened exactly");
                }
                float[] got = logits(m.model(), ids);
                float tolerance = stored == DType.BF16 ? 0.1f : 0.02f;
                assertArrayEquals(reference, got, tolerance, stored + " weights");
                assertNotEquals(reference[0], got[0], "rounded weights should change the logits a little");
            }
        }
    }

    @Test
    void loadedWeightsAreWritableWithoutTouchingTheFile() throws Exception {
        Path out = save(DType.F32, 4);
        byte[] fileBefore = Files.readAllBytes(out.resolve("model.safetensors"));
        try (LoadedModel m = LoadedModel.load(out, Device.cpu(), DataType.FLOAT32)) {
            NDArray embed = m.model().weights().embed();
            embed.addi(1f); // would crash the JVM if the array aliased the read-only mapping
            assertTrue(embed.toFloatArray()[0] > 0.5f || embed.toFloatArray()[0] < 1.5f);
        }
        assertArrayEquals(fileBefore, Files.readAllBytes(out.resolve("model.safetensors")));
    }

    @Test
    void chatIsRenderedEncodedAndGeneratedWithTheCheckpointsTemplateAndStopIds() throws Exception {
        try (LoadedModel m = LoadedModel.load(save(DType.F32, 5), Device.cpu(), DataType.FLOAT32)) {
            long[] prompt = m.encodeChat(List.of(new ChatMessage("user", "hello world")));
            assertArrayEquals(new long[] {1, 5, 6, 4}, prompt); // <bos> hello world <sep>
            assertTrue(m.stopTokenIds().contains(2L));
            GenerationResult r = m.generator().generate(prompt,
                    SamplingParams.greedy(5).withStopTokenIds(m.stopTokenIds()));
            assertTrue(r.completionTokens() >= 1 && r.completionTokens() <= 5);
            assertEquals(4, r.promptTokens());
        }
    }

    @Test
    void badCheckpointsAreRejectedWithTheReason() throws Exception {
        CheckpointException missing = assertThrows(CheckpointException.class,
                () -> LoadedModel.load(dir.resolve("nope"), Device.cpu(), DataType.FLOAT32));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        Path noTokenizer = save(DType.F32, 6);
        Files.delete(noTokenizer.resolve("tokenizer.json"));
        CheckpointException tok = assertThrows(CheckpointException.class,
                () -> LoadedModel.load(noTokenizer, Device.cpu(), DataType.FLOAT32));
        assertTrue(tok.getMessage().contains("tokenizer.json"), tok.getMessage());

        Path wrongShape = save(DType.F32, 7);
        ModelConfig bigger = ModelConfig.read(wrongShape).toBuilder().intermediateSize(64).build();
        bigger.writeTo(wrongShape);
        CheckpointException shape = assertThrows(CheckpointException.class,
                () -> LoadedModel.load(wrongShape, Device.cpu(), DataType.FLOAT32));
        assertTrue(shape.getMessage().contains("mlp.gate_proj.weight") && shape.getMessage().contains("shape"),
                shape.getMessage());

        Path missingTensor = save(DType.F32, 8);
        new SafeTensorsWriter().add("model.embed_tokens.weight", DType.F32, new long[] {2, 2}, new float[4])
                .write(missingTensor.resolve("model.safetensors"));
        CheckpointException absent = assertThrows(CheckpointException.class,
                () -> LoadedModel.load(missingTensor, Device.cpu(), DataType.FLOAT32));
        assertTrue(absent.getMessage().contains("model.embed_tokens.weight"), absent.getMessage());

        Path noConfig = save(DType.F32, 10);
        Files.delete(noConfig.resolve("config.json"));
        CheckpointException config = assertThrows(CheckpointException.class,
                () -> LoadedModel.load(noConfig, Device.cpu(), DataType.FLOAT32));
        assertTrue(config.getMessage().contains("config.json"), config.getMessage());
    }
}
