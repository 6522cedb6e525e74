package dev.warden.e2e.suite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.checkpoint.CheckpointException;
import dev.warden.model.checkpoint.LoadedModel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error {@code ./warden serve} gives before anything starts. */
class ServePreflightTest {

    private static final String CONFIG = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64,
             "intermediate_size": 172, "num_hidden_layers": 5, "num_attention_heads": 8, "num_key_value_heads": 4,
             "vocab_size": 512, "max_position_embeddings": 512, "rms_norm_eps": 1e-05, "hidden_act": "silu",
             "tie_word_embeddings": true%s}""";

    @TempDir
    Path root;

    @Test
    void aCompleteCheckpointPasses() throws Exception {
        Path dir = checkpoint("ok", "");
        assertDoesNotThrow(() -> ServePreflight.check(config(dir), OptionalLong.of(64L << 30)));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        SuiteException e = assertThrows(SuiteException.class,
                () -> ServePreflight.check(config(root.resolve("nowhere")), OptionalLong.empty()));
        assertEquals("model nowhere: " + root.resolve("nowhere") + " is not a directory (" + ServePreflight.LAYOUT
                + ")", e.getMessage());
    }

    @Test
    void everyMissingFileIsNamedWithTheLayoutAndTheLlama2cHint() throws Exception {
        Path dir = Files.createDirectories(root.resolve("empty"));
        Files.writeString(dir.resolve("config.json"), CONFIG.formatted(""));
        SuiteException e = assertThrows(SuiteException.class,
                () -> ServePreflight.check(config(dir), OptionalLong.empty()));
        assertEquals("model empty: " + dir + " has no tokenizer.json, no model.safetensors (or"
                + " model.safetensors.index.json) (" + ServePreflight.LAYOUT + "); a llama2.c tokenizer"
                + " (tokenizer.bin) converts with ./warden import-llama2c", e.getMessage());
    }

    @Test
    void anUnsupportedArchitectureFailsWithTheLoadersMessage() throws Exception {
        Path dir = checkpoint("gpt2", "");
        Files.writeString(dir.resolve("config.json"), CONFIG.formatted("").replace("LlamaForCausalLM",
                "GPT2LMHeadModel").replace("\"llama\"", "\"gpt2\""));
        assertLoaderMessage(dir, "unsupported architecture 'GPT2LMHeadModel'");
    }

    @Test
    void anUnsupportedRopeTypeFailsWithTheLoadersMessage() throws Exception {
        Path dir = checkpoint("yarn", ", \"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 4.0}");
        assertLoaderMessage(dir, "rope_scaling type 'yarn' is not supported");
    }

    @Test
    void aBrokenSafetensorsHeaderIsNamed() throws Exception {
        Path dir = checkpoint("broken", "");
        Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3});
        SuiteException e = assertThrows(SuiteException.class,
                () -> ServePreflight.check(config(dir), OptionalLong.empty()));
        assertTrue(e.getMessage().startsWith("model broken: ") && e.getMessage().contains("model.safetensors"),
                e.getMessage());
    }

    @Test
    void notEnoughMemoryGivesTheEstimateAndWhatToChange() throws Exception {
        Path dir = checkpoint("big", "");
        SuiteConfig c = config(dir);
        long need = ServePreflight.estimate(c, c.models().get(0), dev.warden.model.config.ModelConfig.read(dir))
                .totalBytes() + ServePreflight.OTHER_SERVICES_BYTES;
        assertDoesNotThrow(() -> ServePreflight.check(c, OptionalLong.of(need)));
        SuiteException e = assertThrows(SuiteException.class,
                () -> ServePreflight.check(c, OptionalLong.of(need - 1)));
        assertTrue(e.getMessage().startsWith("not enough memory: the suite needs about " + MemoryEstimate.mb(need)),
                e.getMessage());
        assertTrue(e.getMessage().contains("model big ") && e.getMessage().contains("lower --kv-cache-tokens"),
                e.getMessage());
    }

    @Test
    void aTakenModelPortIsRefusedBeforeAnythingStarts() throws Exception {
        for (String m : Suite.MODULES) {
            Path jar = root.resolve(m).resolve("target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "not a jar");
        }
        Path dir = checkpoint("taken", "");
        SuiteConfig c = config(dir);
        int port = c.models().get(0).port();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            List<String> progress = new ArrayList<>();
            SuiteException e = assertThrows(SuiteException.class, () -> Suite.start(c, progress::add));
            assertTrue(e.getMessage().startsWith("port " + port + " (inference taken) is already in use"),
                    e.getMessage());
            assertTrue(progress.isEmpty(), "nothing was started: " + progress);
            assertFalse(Files.exists(root.resolve("run/pids")), "no pid file was written");
        }
    }

    private void assertLoaderMessage(Path dir, String contains) {
        SuiteException e = assertThrows(SuiteException.class,
                () -> ServePreflight.check(config(dir), OptionalLong.empty()));
        CheckpointException loader = assertThrows(CheckpointException.class,
                () -> LoadedModel.load(dir, Device.cpu(), DataType.FLOAT32));
        assertEquals("model " + dir.getFileName() + ": " + loader.getMessage(), e.getMessage());
        assertTrue(e.getMessage().contains(contains), e.getMessage());
    }

    private SuiteConfig config(Path checkpoint) {
        SuitePorts ports = SuitePorts.random();
        return SuiteConfig.builder(root).runDir(root.resolve("run")).ports(ports).recovery(false)
                .models(List.of(new ServedModel(checkpoint.getFileName().toString(), checkpoint,
                        ports.inferenceAligned())))
                .build();
    }

    /** config.json (with {@code extra} keys), a tokenizer.json and a one-tensor model.safetensors. */
    private Path checkpoint(String name, String extra) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("config.json"), CONFIG.formatted(extra));
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        byte[] header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + header.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length).put(header).putFloat(1f);
        Files.write(dir.resolve("model.safetensors"), file.array());
        return dir;
    }
}
