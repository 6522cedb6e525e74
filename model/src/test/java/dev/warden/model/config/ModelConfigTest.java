package dev.warden.model.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelConfigTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A minimal valid Llama config.json with one field replaced or removed (value null removes it). */
    private static String minimal(String field, String value) {
        String[][] fields = {
            {"architectures", "[\"LlamaForCausalLM\"]"}, {"model_type", "\"llama\""}, {"vocab_size", "100"},
            {"hidden_size", "64"}, {"intermediate_size", "128"}, {"num_hidden_layers", "2"},
            {"num_attention_heads", "4"}, {"max_position_embeddings", "256"}, {"rms_norm_eps", "1e-5"},
        };
        StringBuilder sb = new StringBuilder("{");
        boolean replaced = false;
        for (String[] f : fields) {
            String v = f[0].equals(field) ? value : f[1];
            replaced |= f[0].equals(field);
            if (v != null) {
                sb.append(sb.length() > 1 ? "," : "").append('"').append(f[0]).append("\":").append(v);
            }
        }
        if (!replaced && field != null) {
            sb.append(",\"").append(field).append("\":").append(value);
        }
        return sb.append('}').toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ModelConfigTest.class.getResourceAsStream("/configs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesLlama31WithLlama3RopeScalingAndEosList() throws IOException {
        ModelConfig c = ModelConfig.fromJson(resource("llama-3.1-8b-instruct.json"));
        assertEquals(Architecture.LLAMA, c.architecture());
        assertEquals(List.of("LlamaForCausalLM"), c.architectures());
        assertEquals("llama", c.modelType());
        assertEquals(128256, c.vocabSize());
        assertEquals(4096, c.hiddenSize());
        assertEquals(14336, c.intermediateSize());
        assertEquals(32, c.numHiddenLayers());
        assertEquals(32, c.numAttentionHeads());
        assertEquals(8, c.numKeyValueHeads());
        assertEquals(128, c.headDim());
        assertEquals(131072, c.maxPositionEmbeddings());
        assertEquals(1e-5, c.rmsNormEps());
        assertEquals(500000.0, c.ropeTheta());
        assertEquals(new RopeScaling.Llama3(8.0, 1.0, 4.0, 8192), c.ropeScaling());
        assertFalse(c.tieWordEmbeddings());
        assertFalse(c.qkvBias());
        assertFalse(c.oProjBias());
        assertEquals(128000, c.bosTokenId());
        assertArrayEquals(new int[] {128001, 128008, 128009}, c.eosTokenIds());
        assertNull(c.padTokenId());
        assertEquals("bfloat16", c.torchDtype());
        assertNull(c.slidingWindow());
    }

    @Test
    void parsesLlama2WithSingleEosAndDefaults() throws IOException {
        ModelConfig c = ModelConfig.fromJson(resource("llama-2-7b.json"));
        assertNull(c.ropeScaling());
        assertEquals(10000.0, c.ropeTheta(), "rope_theta absent -> transformers' default");
        assertEquals(32, c.numKeyValueHeads());
        assertEquals(128, c.headDim());
        assertEquals(1, c.bosTokenId());
        assertArrayEquals(new int[] {2}, c.eosTokenIds());
        assertEquals("float16", c.torchDtype());
    }

    @Test
    void parsesMistralWithSlidingWindowAndNoBias() throws IOException {
        ModelConfig c = ModelConfig.fromJson(resource("mistral-7b-v0.1.json"));
        assertEquals(Architecture.MISTRAL, c.architecture());
        assertEquals(8, c.numKeyValueHeads());
        assertEquals(4096, c.slidingWindow());
        assertFalse(c.qkvBias());
        assertFalse(c.oProjBias());
        assertFalse(c.mlpBias());
    }

    @Test
    void parsesQwen2WithImpliedQkvBiasAndTiedEmbeddings() throws IOException {
        ModelConfig c = ModelConfig.fromJson(resource("qwen2-0.5b-instruct.json"));
        assertEquals(Architecture.QWEN2, c.architecture());
        assertTrue(c.qkvBias(), "Qwen2 always has q/k/v bias");
        assertFalse(c.oProjBias(), "and never an o_proj bias");
        assertTrue(c.tieWordEmbeddings());
        assertEquals(64, c.headDim());
        assertEquals(2, c.numKeyValueHeads());
        assertEquals(1e6, c.ropeTheta());
        assertNull(c.slidingWindow(), "use_sliding_window false -> no window even though sliding_window is set");
        assertArrayEquals(new int[] {151645}, c.eosTokenIds());
    }

    @Test
    void llamaAttentionBiasMeansQkvAndOutputBias() {
        ModelConfig c = ModelConfig.fromJson(minimal("attention_bias", "true"));
        assertTrue(c.qkvBias());
        assertTrue(c.oProjBias());
        assertFalse(ModelConfig.fromJson(minimal(null, null)).qkvBias());
    }

    @Test
    void defaultsFollowTransformers() {
        ModelConfig c = ModelConfig.fromJson(minimal(null, null));
        assertEquals(4, c.numKeyValueHeads(), "num_key_value_heads defaults to num_attention_heads");
        assertEquals(16, c.headDim(), "head_dim defaults to hidden_size / num_attention_heads");
        assertEquals(10000.0, c.ropeTheta());
        assertNull(c.ropeScaling());
        assertFalse(c.tieWordEmbeddings());
        assertEquals(0.02, c.initializerRange());
        assertNull(c.bosTokenId());
        assertEquals(0, c.eosTokenIds().length);
        assertNull(c.torchDtype());
    }

    @Test
    void explicitHeadDimNeedNotDivideHiddenSize() {
        ModelConfig c = ModelConfig.fromJson(minimal("hidden_size", "60").replace("}", ",\"head_dim\":32}"));
        assertEquals(32, c.headDim());
    }

    @Test
    void modelTypeAloneIdentifiesTheArchitecture() {
        ModelConfig c = ModelConfig.fromJson(minimal("architectures", null).replace("\"llama\"", "\"qwen2\""));
        assertEquals(Architecture.QWEN2, c.architecture());
    }

    @Test
    void readsLinearScalingWithTheOlderTypeKey() {
        ModelConfig c = ModelConfig.fromJson(minimal("rope_scaling", "{\"type\":\"linear\",\"factor\":2.0}"));
        assertEquals(new RopeScaling.Linear(2.0), c.ropeScaling());
        ModelConfig d = ModelConfig.fromJson(minimal("rope_scaling", "{\"rope_type\":\"default\"}"));
        assertNull(d.ropeScaling());
    }

    @Test
    void readsTheNewerRopeParametersBlock() {
        ModelConfig c = ModelConfig.fromJson(minimal("rope_parameters",
                "{\"rope_type\":\"linear\",\"factor\":4.0,\"rope_theta\":50000.0}"));
        assertEquals(50000.0, c.ropeTheta());
        assertEquals(new RopeScaling.Linear(4.0), c.ropeScaling());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
        "num_attention_heads", "max_position_embeddings", "rms_norm_eps"})
    void missingRequiredFieldIsNamed(String field) {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> ModelConfig.fromJson(minimal(field, null)));
        assertEquals(field + " is required", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
        "max_position_embeddings"})
    void nonPositiveSizeIsRejected(String field) {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> ModelConfig.fromJson(minimal(field, "0")));
        assertEquals(field + " must be positive, got 0", e.getMessage());
        assertThrows(ModelConfigException.class, () -> ModelConfig.fromJson(minimal(field, "-3")));
    }

    @Test
    void headsMustDivideHiddenSizeWhenHeadDimIsAbsent() {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> ModelConfig.fromJson(minimal("num_attention_heads", "5")));
        assertEquals("hidden_size (64) is not divisible by num_attention_heads (5) and head_dim is not given",
                e.getMessage());
    }

    @Test
    void kvHeadsMustDivideHeads() {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> ModelConfig.fromJson(minimal("num_key_value_heads", "3")));
        assertEquals("num_key_value_heads (3) must divide num_attention_heads (4)", e.getMessage());
    }

    @Test
    void unknownArchitectureListsTheSupportedOnes() {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> ModelConfig.fromJson(minimal("architectures", "[\"GPT2LMHeadModel\"]")));
        assertTrue(e.getMessage().startsWith("unsupported architecture 'GPT2LMHeadModel'"), e.getMessage());
        for (String supported : List.of("LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM")) {
            assertTrue(e.getMessage().contains(supported), e.getMessage());
        }
        ModelConfigException byType = assertThrows(ModelConfigException.class, () -> ModelConfig.fromJson(
                minimal("architectures", null).replace("\"llama\"", "\"gemma\"")));
        assertTrue(byType.getMessage().contains("unsupported model_type 'gemma'"), byType.getMessage());
        assertThrows(ModelConfigException.class, () -> ModelConfig.fromJson(
                minimal("architectures", null).replace("\"model_type\":\"llama\",", "")));
    }

    @Test
    void architectureAndModelTypeMustAgree() {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> ModelConfig.fromJson(minimal("model_type", "\"qwen2\"")));
        assertTrue(e.getMessage().contains("disagrees"), e.getMessage());
    }

    @Test
    void unknownRopeScalingTypeIsRejectedClearly() {
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ModelConfig.fromJson(
                minimal("rope_scaling", "{\"rope_type\":\"yarn\",\"factor\":4.0}")));
        assertEquals("rope_scaling type 'yarn' is not supported; supported: linear, llama3 (or none)",
                e.getMessage());
    }

    @Test
    void llama3ScalingNeedsAllItsParameters() {
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ModelConfig.fromJson(
                minimal("rope_scaling", "{\"rope_type\":\"llama3\",\"factor\":8.0,\"low_freq_factor\":1.0,"
                        + "\"high_freq_factor\":4.0}")));
        assertEquals("rope_scaling.original_max_position_embeddings is required", e.getMessage());
        assertThrows(ModelConfigException.class, () -> ModelConfig.fromJson(
                minimal("rope_scaling", "{\"rope_type\":\"llama3\",\"factor\":8.0,\"low_freq_factor\":4.0,"
                        + "\"high_freq_factor\":4.0,\"original_max_position_embeddings\":8192}")));
    }

    @Test
    void wrongTypesAndBadJsonAreReported() {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> ModelConfig.fromJson(minimal("hidden_size", "\"64\"")));
        assertEquals("hidden_size must be an integer, got \"64\"", e.getMessage());
        assertThrows(ModelConfigException.class, () -> ModelConfig.fromJson(minimal("hidden_size", "64.5")));
        assertThrows(ModelConfigException.class, () -> ModelConfig.fromJson("{not json"));
        assertThrows(ModelConfigException.class, () -> ModelConfig.fromJson("[1,2]"));
        ModelConfigException act = assertThrows(ModelConfigException.class,
                () -> ModelConfig.fromJson(minimal("hidden_act", "\"gelu\"")));
        assertTrue(act.getMessage().contains("hidden_act 'gelu'"), act.getMessage());
    }

    @Test
    void biasFlagsBelongToLlamaOnly() {
        ModelConfig.Builder b = tiny(Architecture.MISTRAL).attentionBias(true);
        assertThrows(ModelConfigException.class, b::build);
        // In a Qwen2 config.json the key is ignored: its biases are fixed by the architecture.
        ModelConfig q = ModelConfig.fromJson(minimal("architectures", "[\"Qwen2ForCausalLM\"]")
                .replace("\"llama\"", "\"qwen2\"").replace("}", ",\"attention_bias\":true}"));
        assertFalse(q.oProjBias());
    }

    @Test
    void builderRequiresSizesAndEps() {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> ModelConfig.builder().hiddenSize(8).build());
        assertEquals("rms_norm_eps is required", e.getMessage());
        ModelConfigException v = assertThrows(ModelConfigException.class,
                () -> ModelConfig.builder().rmsNormEps(1e-5).hiddenSize(8).build());
        assertEquals("vocab_size is required", v.getMessage());
    }

    @Test
    void readsFromACheckpointDirectoryAndNamesTheFileOnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), resource("qwen2-0.5b-instruct.json"));
        assertEquals(Architecture.QWEN2, ModelConfig.read(dir).architecture());
        Files.writeString(dir.resolve("config.json"), minimal("vocab_size", null));
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ModelConfig.read(dir));
        assertTrue(e.getMessage().contains("config.json: vocab_size is required"), e.getMessage());
        assertThrows(ModelConfigException.class, () -> ModelConfig.read(dir.resolve("missing")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-3.1-8b-instruct.json", "llama-2-7b.json", "mistral-7b-v0.1.json",
        "qwen2-0.5b-instruct.json"})
    void realConfigsRoundTripThroughToJson(String name) throws IOException {
        ModelConfig c = ModelConfig.fromJson(resource(name));
        ModelConfig back = ModelConfig.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(c.hashCode(), back.hashCode());
    }

    @Test
    void randomTinyConfigsRoundTrip(@TempDir Path dir) throws IOException {
        Random random = new Random(7);
        Architecture[] archs = Architecture.values();
        for (int i = 0; i < 50; i++) {
            Architecture arch = archs[random.nextInt(archs.length)];
            int kv = 1 + random.nextInt(3);
            int heads = kv * (1 + random.nextInt(3));
            int headDim = 2 * (1 + random.nextInt(8));
            RopeScaling scaling = switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> new RopeScaling.Linear(1 + random.nextInt(4));
                default -> new RopeScaling.Llama3(8.0, 1.0, 4.0, 16 + random.nextInt(64));
            };
            ModelConfig.Builder b = tiny(arch).numAttentionHeads(heads).numKeyValueHeads(kv)
                    .hiddenSize(heads * headDim).ropeScaling(scaling).tieWordEmbeddings(random.nextBoolean())
                    .ropeTheta(random.nextBoolean() ? 10000 : 500000).eosTokenIds(random.nextBoolean()
                            ? new int[] {2} : new int[] {2, 3}).bosTokenId(random.nextBoolean() ? 1 : null);
            if (arch == Architecture.LLAMA) {
                b.attentionBias(random.nextBoolean()).mlpBias(random.nextBoolean());
            } else if (random.nextBoolean()) {
                b.slidingWindow(32);
            }
            ModelConfig c = b.build();
            c.writeTo(dir);
            assertEquals(c, ModelConfig.read(dir), c.toString());
        }
    }

    @Test
    void toJsonWritesWhatTransformersNeeds() throws IOException {
        JsonNode mistral = MAPPER.readTree(tiny(Architecture.MISTRAL).build().toJson());
        assertEquals("MistralForCausalLM", mistral.get("architectures").get(0).asText());
        assertEquals("mistral", mistral.get("model_type").asText());
        assertTrue(mistral.get("sliding_window").isNull(), "MistralConfig would default to 4096 otherwise");
        assertEquals("silu", mistral.get("hidden_act").asText());

        JsonNode qwen = MAPPER.readTree(tiny(Architecture.QWEN2).build().toJson());
        assertFalse(qwen.get("use_sliding_window").asBoolean());
        assertTrue(qwen.get("rope_scaling").isNull());

        ModelConfig llama = tiny(Architecture.LLAMA).eosTokenIds(2, 3).attentionBias(true)
                .ropeScaling(new RopeScaling.Llama3(8, 1, 4, 64)).build();
        String text = llama.toJson();
        JsonNode json = MAPPER.readTree(text);
        assertTrue(json.get("attention_bias").asBoolean());
        assertEquals("[2,3]", json.get("eos_token_id").toString());
        assertEquals("llama3", json.get("rope_scaling").get("rope_type").asText());
        assertEquals(64, json.get("rope_scaling").get("original_max_position_embeddings").asInt());
        assertTrue(text.startsWith("{\n  \"architectures\": ["), text);
    }

    private static ModelConfig.Builder tiny(Architecture arch) {
        return ModelConfig.builder().architecture(arch).vocabSize(50).hiddenSize(32).intermediateSize(48)
                .numHiddenLayers(2).numAttentionHeads(4).numKeyValueHeads(2).maxPositionEmbeddings(64)
                .rmsNormEps(1e-6);
    }
}
