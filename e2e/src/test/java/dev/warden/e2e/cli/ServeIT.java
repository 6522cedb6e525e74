package dev.warden.e2e.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import dev.warden.e2e.suite.MemoryEstimate;
import dev.warden.e2e.suite.RedisClient;
import dev.warden.e2e.suite.RunDirectory;
import dev.warden.model.checkpoint.CheckpointWriter;
import dev.warden.model.checkpoint.Llama2cImport;
import dev.warden.model.checkpoint.SharedModels;
import dev.warden.model.config.Architecture;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.llama.WeightNames;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.SafeTensorsWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./warden serve} on a real trained checkpoint: Karpathy's TinyStories 260K in Hugging Face layout
 * ({@code ../shared/models/stories260K-hf-derived}) with its llama2.c tokenizer converted by
 * {@code ./warden import-llama2c} into a temporary directory, served as {@code stories260K} (the directory's name)
 * beside a random 24M-parameter Llama written by the test with the same tokenizer ({@code wide=DIR}), by the serve
 * command with {@code --detach} on random ports (the packaged services, as child processes; the machine's Redis
 * under a key prefix of this run), then called with the official OpenAI Java SDK as a user would, and stopped with
 * {@code down}. The dev key's rails are on (the default): the jailbreak detector and the judge read the request, and
 * the judge reads the story as it streams, without cutting it.
 *
 * <p>stories260K is not a chat model: the test gives it a storyteller's chat template that renders BOS and then only
 * the assistant's words, so any user message asks for a story from BOS, which the expected greedy ids of
 * {@code ../shared/models/stories260K/EXPECTED_GREEDY.txt} (an independent implementation) spell: "Once upon a
 * time, there was a little girl named Lily."
 *
 * <p>The memory estimate is checked against the peak resident set of both inference-services, measured after the
 * requests (the tiny model checks the base, the 24M one the weights and mapped files).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeIT {

    private static final Path ROOT = Path.of(System.getProperty("warden.root", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("warden.e2e.work", "target/e2e-run"))
            .toAbsolutePath().normalize().resolve("serve-it");
    private static final String PREFIX = "warden-e2e-serve-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    /** A base model's template: BOS, then what the assistant said so far (the user's words are not shown to it). */
    private static final String STORY_TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "{% if message['role'] == 'assistant' %}{{ message['content'] }}{% endif %}{% endfor %}";
    private static final String WIDE = "wide";

    private static Path checkpoint;
    private static Path wide;
    private static Path runDir;
    private static Properties suite;
    private static List<RunDirectory.Recorded> started;
    private static OpenAIClient client;
    private static String expectedText;
    private static String serveOutput;

    @BeforeAll
    static void serve() throws Exception {
        assumeTrue(SharedModels.find("stories260K-hf-derived/model.safetensors").isPresent(),
                SharedModels.absentMessage("stories260K-hf-derived"));
        assumeTrue(SharedModels.find("stories260K/tok512.bin").isPresent(),
                SharedModels.absentMessage("stories260K/tok512.bin"));
        expectedText = Files.readAllLines(SharedModels.get("stories260K/EXPECTED_GREEDY.txt")).stream()
                .filter(l -> l.startsWith("text:")).findFirst().orElseThrow().substring("text:".length()).strip();
        checkpoint = WORK.resolve("stories260K");
        Llama2cImport.run(SharedModels.get("stories260K/tok512.bin"), SharedModels.get("stories260K-hf-derived"),
                checkpoint);
        Path tokenizerConfig = checkpoint.resolve("tokenizer_config.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode tc = (ObjectNode) json.readTree(tokenizerConfig.toFile());
        tc.put("chat_template", STORY_TEMPLATE);
        json.writeValue(tokenizerConfig.toFile(), tc);

        wide = WORK.resolve("wide-random");
        writeWideCheckpoint(wide, checkpoint);

        runDir = WORK.resolve("run");
        Result r = command("serve", "--detach", "--random-ports", "--redis-prefix", PREFIX,
                "--model", checkpoint.toString(), "--model", WIDE + "=" + wide);
        serveOutput = r.out;
        assertEquals(0, r.code, r.out + r.err);
        suite = new RunDirectory(runDir).loadProperties(SuiteCommand.SUITE_FILE);
        started = new RunDirectory(runDir).recorded();
        client = OpenAIOkHttpClient.builder().baseUrl(suite.getProperty("gateway.url") + "/v1")
                .apiKey(suite.getProperty("dev.key")).build();
    }

    @AfterAll
    static void down() throws Exception {
        if (runDir == null) {
            return;
        }
        Result r = command("down");
        assertEquals(0, r.code, r.out + r.err);
        try (RedisClient redis = RedisClient.connect("127.0.0.1", 6379)) {
            redis.deletePrefix(PREFIX);
        }
        for (RunDirectory.Recorded p : started) {
            assertFalse(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false),
                    p.name() + " (pid " + p.pid() + ") still runs after down");
        }
        assertTrue(new RunDirectory(runDir).recorded().isEmpty(), "down removed every pid file");
    }

    @Test
    void theBannerGivesTheBaseUrlTheKeyAndExamplesAndStatusNamesEachModel() {
        String gw = suite.getProperty("gateway.url");
        assertTrue(serveOutput.contains("base URL     " + gw + "/v1"), serveOutput);
        assertTrue(serveOutput.contains(suite.getProperty("dev.key") + "   (tenant dev, rails on"), serveOutput);
        assertTrue(serveOutput.contains("./warden down stops it"), serveOutput);
        assertTrue(serveOutput.contains("curl -s " + gw + "/v1/chat/completions"), serveOutput);
        assertTrue(serveOutput.contains("from openai import OpenAI"), serveOutput);
        assertTrue(serveOutput.contains("model stories260K: " + checkpoint), serveOutput);
        Result status = command("status");
        assertEquals(0, status.code, status.out);
        for (String name : List.of("inference-stories260K", "inference-" + WIDE, "judge", "gateway")) {
            assertTrue(status.out.lines().anyMatch(l -> l.contains(name) && l.endsWith("running")), status.out);
        }
        assertFalse(status.out.contains("recovery"), "no --recovery, no recovery-service: " + status.out);
    }

    @Test
    void aGreedyCompletionTellsTheStoryTheIndependentImplementationTells() {
        ChatCompletion reply = client.chat().completions().create(story("stories260K").maxCompletionTokens(24)
                .build());
        String content = reply.choices().get(0).message().content().orElse("").strip();
        assertTrue(content.startsWith("Once upon a time"), content);
        assertTrue(expectedText.startsWith(content), "a prefix of the expected greedy text: " + content);
        assertEquals(24, reply.usage().orElseThrow().completionTokens());
        assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, reply.choices().get(0).finishReason(),
                "the output rail let the whole story through");

        ChatCompletion named = client.chat().completions().create(story(WIDE).maxCompletionTokens(4).build());
        assertEquals(WIDE, named.model(), "routed by the name given with NAME=DIR");
        assertEquals(4, named.usage().orElseThrow().completionTokens());
    }

    @Test
    void logprobsStopAndSeedWorkThroughTheSdk() {
        ChatCompletion withLogprobs = client.chat().completions().create(story("stories260K").maxCompletionTokens(6)
                .logprobs(true).topLogprobs(2).build());
        List<ChatCompletionTokenLogprob> tokens = withLogprobs.choices().get(0).logprobs().orElseThrow().content()
                .orElseThrow();
        assertEquals(6, tokens.size());
        for (ChatCompletionTokenLogprob t : tokens) {
            assertEquals(2, t.topLogprobs().size());
            assertEquals(t.token(), t.topLogprobs().get(0).token(), "greedy picks the most likely token");
            assertTrue(t.logprob() <= 0 && t.topLogprobs().get(1).logprob() <= t.logprob(), t.toString());
        }

        ChatCompletion stopped = client.chat().completions().create(story("stories260K").maxCompletionTokens(24)
                .stop(",").build());
        assertEquals("Once upon a time", stopped.choices().get(0).message().content().orElse("").strip());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, stopped.choices().get(0).finishReason());

        String first = sampled(1234);
        assertEquals(first, sampled(1234), "the same seed gives the same sample");
        boolean anotherDiffers = false;
        for (long seed = 1; seed <= 4 && !anotherDiffers; seed++) {
            anotherDiffers = !sampled(seed).equals(first);
        }
        assertTrue(anotherDiffers, "other seeds give other samples (temperature 1)");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theMemoryEstimateBoundsTheMeasuredPeakOfEachInferenceService() throws Exception {
        for (String model : List.of("stories260K", WIDE)) {
            RunDirectory.Recorded inference = started.stream().filter(p -> p.name().equals("inference-" + model))
                    .findFirst().orElseThrow();
            long peak = vmHwm(inference.pid()).orElseThrow();
            Path dir = model.equals(WIDE) ? wide : checkpoint;
            // the serve defaults: f32 on the CPU, KV cache min(4096, context 512) x max-batch 8
            MemoryEstimate estimate = MemoryEstimate.of(ModelConfig.read(dir), dir, 4, false, 512, 8);
            System.out.printf(Locale.ROOT, "ServeIT: inference-%s peak RSS (VmHWM) %s, estimate %s%n", model,
                    MemoryEstimate.mb(peak), estimate.describe());
            assertTrue(peak <= estimate.totalBytes(), model + ": the estimate is an upper bound: measured "
                    + MemoryEstimate.mb(peak) + ", estimated " + estimate.describe());
            assertTrue(peak >= estimate.totalBytes() * 0.7, model + ": and at most 30% above the measured peak:"
                    + " measured " + MemoryEstimate.mb(peak) + ", estimated " + estimate.describe());
        }
    }

    /**
     * A random Llama of 24M parameters (hidden 512, 8 layers, 8 heads / 4 KV heads, MLP 1408, vocab 512, context
     * 512; std 0.02) with stories260K's tokenizer files.
     */
    private static void writeWideCheckpoint(Path dir, Path tokenizerFrom) throws Exception {
        ModelConfig config = ModelConfig.builder().architecture(Architecture.LLAMA).vocabSize(512).hiddenSize(512)
                .intermediateSize(1408).numHiddenLayers(8).numAttentionHeads(8).numKeyValueHeads(4)
                .maxPositionEmbeddings(512).rmsNormEps(1e-5).tieWordEmbeddings(false).bosTokenId(1).eosTokenIds(2)
                .torchDtype("float32").build();
        Random rng = new Random(24);
        SafeTensorsWriter weights = new SafeTensorsWriter().metadata("format", "pt");
        LlamaWeights.expectedShapes(config).forEach((name, shape) -> weights.add(name, DType.F32, shape.getShape(),
                () -> {
                    float[] values = new float[Math.toIntExact(shape.size())];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = WeightNames.isNorm(name) ? 1f : (float) (rng.nextGaussian() * 0.02);
                    }
                    return values;
                }));
        Files.createDirectories(dir);
        config.writeTo(dir);
        weights.write(dir.resolve("model.safetensors"));
        CheckpointWriter.copyTokenizerFiles(tokenizerFrom, dir);
    }

    private static ChatCompletionCreateParams.Builder story(String model) {
        return ChatCompletionCreateParams.builder().model(model).temperature(0.0).addUserMessage("Tell me a story.");
    }

    private static String sampled(long seed) {
        return client.chat().completions().create(ChatCompletionCreateParams.builder().model("stories260K")
                .temperature(1.0).seed(seed).maxCompletionTokens(12).addUserMessage("Tell me a story.").build())
                .choices().get(0).message().content().orElse("");
    }

    /** VmHWM of a process, in bytes. */
    static Optional<Long> vmHwm(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
            }
        }
        return Optional.empty();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SuiteCommand(ROOT, runDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
