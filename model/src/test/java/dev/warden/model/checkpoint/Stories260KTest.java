package dev.warden.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.cli.WardenCli;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.tokenizer.ExpectedGreedy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Real trained weights: Karpathy's stories260K (TinyStories, 5 layers, 8 heads over 4 KV heads, vocab 512)
 * in Hugging Face layout, made servable with {@code ./warden import-llama2c} and its llama2.c tokenizer, then
 * loaded through {@link LoadedModel}. Greedy decoding from BOS must give exactly the 64 ids an independent
 * numpy implementation of llama2.c's {@code run.c} produced ({@code EXPECTED_GREEDY.txt}), and they must
 * decode to its text.
 */
class Stories260KTest {

    @Test
    void importedStories260KReproducesTheIndependentGreedyIdsAndText(@TempDir Path out) throws IOException {
        assumeTrue(SharedModels.find("stories260K-hf-derived/model.safetensors").isPresent()
                && SharedModels.find("stories260K/tok512.bin").isPresent(), SharedModels.absentMessage("stories260K"));
        String printed = run("import-llama2c", "--tokenizer", SharedModels.get("stories260K/tok512.bin").toString(),
                "--model", SharedModels.get("stories260K-hf-derived").toString(), "--out", out.toString());
        assertTrue(printed.contains("tokenizer.json, tokenizer_config.json, config.json, model.safetensors (512 tokens"),
                printed);
        assertEquals(Files.size(SharedModels.get("stories260K-hf-derived/model.safetensors")),
                Files.size(out.resolve("model.safetensors")));
        ExpectedGreedy expected = ExpectedGreedy.read(SharedModels.get("stories260K/EXPECTED_GREEDY.txt"));
        assertEquals(64, expected.ids().length);

        try (LoadedModel loaded = LoadedModel.load(out, Device.cpu(), DataType.FLOAT32)) {
            assertEquals(5, loaded.config().numHiddenLayers());
            assertEquals(4, loaded.config().numKeyValueHeads());
            long[] bos = {loaded.tokenizer().bosToken().orElseThrow().id()};
            assertArrayEquals(new long[] {1}, bos);
            GenerationResult result = loaded.generator().generate(bos, SamplingParams.greedy(expected.ids().length));
            assertArrayEquals(expected.ids(), result.tokenIds());
            assertEquals(expected.textAsLlama2cDecodes(), result.text());
            assertTrue(result.text().startsWith("Once upon a time, there was a little girl named Lily."), result.text());
        }
    }

    @Test
    void importRefusesAModelWhoseVocabularyIsSmallerThanTheTokenizer(@TempDir Path dir) throws IOException {
        assumeTrue(SharedModels.find("stories260K-hf-derived/config.json").isPresent(),
                SharedModels.absentMessage("stories260K-hf-derived"));
        Path model = Files.createDirectories(dir.resolve("small"));
        Files.writeString(model.resolve("config.json"), Files.readString(
                SharedModels.get("stories260K-hf-derived/config.json")).replace("\"vocab_size\": 512", "\"vocab_size\": 500"));
        Files.writeString(model.resolve("model.safetensors"), "not read before the check");
        CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointException.class,
                () -> Llama2cImport.run(SharedModels.get("stories260K/tok512.bin"), model, dir.resolve("out")));
        assertEquals("the tokenizer has 512 tokens but config.json vocab_size is 500", e.getMessage());
        assertTrue(Files.notExists(dir.resolve("out")), "nothing is written when a check fails");
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            assertEquals(0, new CommandLine(WardenCli.class).execute(args), "exit code");
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
