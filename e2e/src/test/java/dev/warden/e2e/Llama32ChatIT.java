package dev.warden.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.e2e.client.GatewayClient;
import dev.warden.e2e.client.InferenceClient;
import dev.warden.e2e.suite.HealthProbe;
import dev.warden.e2e.suite.RedisClient;
import dev.warden.e2e.suite.ServiceProcess;
import dev.warden.e2e.suite.SuiteConfig;
import dev.warden.e2e.suite.SuitePorts;
import dev.warden.model.checkpoint.SharedModels;
import dev.warden.model.config.Architecture;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.config.RopeScaling;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.llama.WeightNames;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.SafeTensorsWriter;
import dev.warden.model.tokenizer.ChatMessage;
import dev.warden.model.tokenizer.ChatTemplate;
import dev.warden.model.tokenizer.TextTokenizer;
import dev.warden.proto.v1.ModelInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Llama-3.2-shaped checkpoint with the real Llama-3 tokenizer and the real Llama-3.2 chat template, served by
 * inference-service and chatted with through the gateway (both packaged, as child processes; the machine's Redis
 * under a key prefix of this run).
 *
 * <p>The checkpoint, written here: vocab 128,256, tied embeddings, rope theta 500,000 with llama3 rope scaling
 * (factor 32, original context 8,192), GQA, eos ids 128001 / 128008 / 128009 as Llama-3.2-Instruct's
 * config.json; hidden size 64, two layers, random weights (std 0.02). A random model would not end its turn by
 * itself, so three embedding rows are set by hand (the embeddings are tied, so each row is both the token's input
 * and its output direction): {@code "\n\n"} (271, the last token of the assistant header) points along axis 0,
 * {@code "Hello"} (9906) along 2·axis 0 + axis 1, {@code <|eot_id|>} (128009) along axis 0 + 4·axis 1. Greedy
 * decoding after the header then answers {@code Hello} (largest logit along axis 0) and then {@code <|eot_id|>}
 * (largest along the direction of Hello), whatever the random layers add (margins of 30 and 14 logits against
 * noise below 1). So a completion of max_tokens 16 that ends after one word with finish_reason {@code stop} and
 * no {@code <|eot_id|>} text shows the stop set the service uses and that it stops there.
 */
class Llama32ChatIT {

    private static final Path ROOT = Path.of(System.getProperty("warden.root", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("warden.e2e.work", "target/e2e-run"))
            .toAbsolutePath().normalize();
    private static final String PREFIX = "warden-e2e-llama32-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private static final String MODEL = "llama32-tiny";
    private static final String TEMPLATE = "chat-templates/meta-llama-Llama-3.2-3B-Instruct.jinja";
    private static final int VOCAB = 128_256;
    private static final int HIDDEN = 64;
    private static final long NEWLINES = 271;
    private static final long HELLO = 9906;
    private static final long EOT = 128009;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path checkpoint;
    private static final List<ServiceProcess> processes = new ArrayList<>();
    private static SuitePorts ports;
    private static String key;

    @BeforeAll
    static void serve() throws Exception {
        assumeTrue(SharedModels.find("llama3-tokenizer-hf/tokenizer.json").isPresent(),
                SharedModels.absentMessage("llama3-tokenizer-hf"));
        assumeTrue(SharedModels.find(TEMPLATE).isPresent(), SharedModels.absentMessage(TEMPLATE));
        checkpoint = WORK.resolve(MODEL);
        writeCheckpoint(checkpoint);
        ports = SuitePorts.random();
        String admin = SuiteConfig.randomToken();
        Path logs = WORK.resolve(PREFIX.substring(0, PREFIX.length() - 1));
        processes.add(start("inference", ports.inferenceAligned(), logs, "768m", Map.of(
                "warden.inference.checkpoint", checkpoint.toString(),
                "warden.inference.model-name", MODEL,
                "warden.inference.torch-threads", "1",
                "warden.inference.max-batch", "2",
                "warden.inference.kv-cache-tokens", "1024"), Map.of()));
        processes.add(start("gateway", ports.gateway(), logs, "512m", Map.of(
                "quarkus.redis.hosts", "redis://127.0.0.1:6379",
                "warden.gateway.redis.namespace", PREFIX,
                "warden.gateway.models.\"" + MODEL + "\".target", SuiteConfig.HOST + ":" + ports.inferenceAligned(),
                "warden.gateway.judge.target", SuiteConfig.HOST + ":" + ports.judge()),
                Map.of("WARDEN_GATEWAY_ADMIN_TOKEN", admin)));
        for (ServiceProcess p : processes) {
            p.awaitReady(Duration.ofMinutes(2));
        }
        GatewayClient gateway = new GatewayClient(gatewayUrl(), admin);
        gateway.setPolicy("llama", Map.of("input_rails", false, "output_rails", false, "defense_prompt", false));
        key = gateway.createKey("llama", List.of(MODEL));
    }

    @AfterAll
    static void stop() throws Exception {
        processes.forEach(p -> p.stop(Duration.ofSeconds(20)));
        try (RedisClient redis = RedisClient.connect("127.0.0.1", 6379)) {
            redis.deletePrefix(PREFIX);
        }
    }

    @Test
    void theServiceStopsOnEveryLlama32EosId() {
        ModelInfo info = InferenceClient.modelInfo(SuiteConfig.HOST, ports.inferenceAligned());
        assertEquals(MODEL, info.getName());
        assertEquals(VOCAB, info.getVocabSize());
        assertEquals(128000, info.getBosTokenId());
        assertEquals(List.of(128001, 128008, 128009), info.getEosTokenIdsList());
        assertTrue(info.getHasChatTemplate());
    }

    @Test
    void aChatThroughTheGatewayUsesTheLlama32PromptAndStopsAtEotId() throws Exception {
        List<ChatMessage> messages = List.of(new ChatMessage("system", "You are terse."),
                new ChatMessage("user", "Say hello."));
        long[] expectedPrompt = expectedPromptIds(messages);

        JsonNode reply = chat(messages, false);
        JsonNode choice = reply.path("choices").path(0);
        assertEquals("Hello", choice.path("message").path("content").asText(), reply.toString());
        assertEquals("stop", choice.path("finish_reason").asText(), "ended by <|eot_id|>, not by max_tokens 16");
        assertEquals(expectedPrompt.length, reply.path("usage").path("prompt_tokens").asInt(),
                "the service's prompt has exactly the Llama-3.2 special tokens the test expects (one BOS)");
        assertTrue(reply.path("usage").path("completion_tokens").asInt() <= 2, reply.toString());

        String streamed = chat(messages, true).path("content").asText();
        assertEquals("Hello", streamed, "streamed the same, without <|eot_id|>");
    }

    /**
     * The ids the Llama-3.2 template gives, checked against the layout the template is known for, independently
     * of the service: {@code <|begin_of_text|>} once, then system, user and the assistant header, each turn
     * closed by {@code <|eot_id|>}.
     */
    private static long[] expectedPromptIds(List<ChatMessage> messages) throws IOException {
        ChatTemplate template = ChatTemplate.of(Files.readString(SharedModels.get(TEMPLATE)), "<|begin_of_text|>",
                "<|eot_id|>");
        String rendered = template.render(messages, true);
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nYou are terse.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nSay hello.<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", rendered);
        try (TextTokenizer tokenizer = TextTokenizer.load(checkpoint)) {
            long[] ids = tokenizer.encode(rendered);
            assertEquals(128000, ids[0]);
            assertEquals(1, Arrays.stream(ids).filter(id -> id == 128000).count(), "one BOS");
            assertEquals(2, Arrays.stream(ids).filter(id -> id == EOT).count(), "the system and user turns end");
            assertArrayEquals(new long[] {EOT, 128006, 78191, 128007, NEWLINES},
                    Arrays.copyOfRange(ids, ids.length - 5, ids.length), "the assistant header closes the prompt");
            return ids;
        }
    }

    private static JsonNode chat(List<ChatMessage> messages, boolean stream) throws Exception {
        List<Map<String, String>> turns = messages.stream()
                .map(m -> Map.of("role", m.role(), "content", m.content())).toList();
        String body = JSON.writeValueAsString(Map.of("model", MODEL, "messages", turns, "max_tokens", 16,
                "temperature", 0, "stream", stream));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        if (!stream) {
            return JSON.readTree(response.body());
        }
        StringBuilder content = new StringBuilder();
        String finish = "";
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                JsonNode choice = JSON.readTree(line.substring(6)).path("choices").path(0);
                content.append(choice.path("delta").path("content").asText(""));
                finish = choice.path("finish_reason").isTextual() ? choice.path("finish_reason").asText() : finish;
            }
        }
        assertEquals("stop", finish, response.body());
        assertFalse(content.toString().contains("<|eot_id|>"));
        return JSON.valueToTree(Map.of("content", content.toString()));
    }

    private static String gatewayUrl() {
        return "http://" + SuiteConfig.HOST + ":" + ports.gateway();
    }

    private static ServiceProcess start(String name, int port, Path logs, String heap, Map<String, String> properties,
                                        Map<String, String> env) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-Dai.djl.offline=true", "-Dquarkus.http.host=" + SuiteConfig.HOST,
                "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        String module = name.equals("gateway") ? "gateway" : "inference-service";
        cmd.addAll(List.of("-jar", ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toString()));
        return ServiceProcess.start(name, SuiteConfig.HOST + ":" + port, cmd, env, logs.resolve(name + ".log"),
                HealthProbe.quarkus(SuiteConfig.HOST, port), false);
    }

    /** Writes config.json, model.safetensors and links to the real tokenizer files and chat template. */
    private static void writeCheckpoint(Path dir) throws IOException {
        ModelConfig config = ModelConfig.builder().architecture(Architecture.LLAMA).vocabSize(VOCAB)
                .hiddenSize(HIDDEN).intermediateSize(128).numHiddenLayers(2).numAttentionHeads(4).numKeyValueHeads(2)
                .maxPositionEmbeddings(131_072).rmsNormEps(1e-5).ropeTheta(500_000.0)
                .ropeScaling(new RopeScaling.Llama3(32.0, 1.0, 4.0, 8192)).tieWordEmbeddings(true)
                .bosTokenId(128000).eosTokenIds(128001, 128008, 128009).torchDtype("float32").build();
        Random rng = new Random(32);
        SafeTensorsWriter weights = new SafeTensorsWriter().metadata("format", "pt");
        LlamaWeights.expectedShapes(config).forEach((name, shape) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            if (WeightNames.isNorm(name)) {
                Arrays.fill(values, 1f);
            } else {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (rng.nextGaussian() * 0.02);
                }
                if (name.equals(WeightNames.EMBED)) {
                    row(values, NEWLINES, 4, 0);
                    row(values, HELLO, 8, 4);
                    row(values, EOT, 4, 16);
                }
            }
            weights.add(name, DType.F32, shape.getShape(), values);
        });
        deleteTree(dir);
        Files.createDirectories(dir);
        config.writeTo(dir);
        weights.write(dir.resolve("model.safetensors"));
        Path tokenizer = SharedModels.get("llama3-tokenizer-hf");
        Files.createSymbolicLink(dir.resolve("tokenizer.json"), tokenizer.resolve("tokenizer.json"));
        Files.createSymbolicLink(dir.resolve("tokenizer_config.json"), tokenizer.resolve("tokenizer_config.json"));
        // the 3.2 template; chat_template.jinja takes precedence over tokenizer_config.json's (Llama-3.0's)
        Files.createSymbolicLink(dir.resolve("chat_template.jinja"), SharedModels.get(TEMPLATE));
    }

    /** Sets embedding row {@code id} to {@code axis0} on axis 0, {@code axis1} on axis 1, zero elsewhere. */
    private static void row(float[] embedding, long id, float axis0, float axis1) {
        int from = Math.toIntExact(id * HIDDEN);
        Arrays.fill(embedding, from, from + HIDDEN, 0f);
        embedding[from] = axis0;
        embedding[from + 1] = axis1;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
