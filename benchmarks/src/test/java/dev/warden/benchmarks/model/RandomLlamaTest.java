package dev.warden.benchmarks.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.SamplingParams;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomLlamaTest {

    @Test
    void theCheckpointLoadsWithItsTokenizerAndDecodesWithoutStopping(@TempDir Path dir) throws Exception {
        long written = RandomLlama.write(dir, 1);
        try (LoadedModel loaded = LoadedModel.load(dir, Device.cpu(), DataType.FLOAT32)) {
            assertEquals(written, loaded.model().weights().parameterCount());
            assertEquals(27.8, written / 1e6, 0.05, "the 28M shape of issue 13");
            assertEquals(RandomLlama.VOCAB, loaded.tokenizer().vocabSize());
            long[] ids = loaded.tokenizer().encodePrompt("the quick brown fox");
            assertEquals(1, ids[0], "BOS first");
            assertEquals("the quick brown fox", loaded.tokenizer().decode(Arrays.copyOfRange(ids, 1, ids.length), true));
            SamplingParams params = SamplingParams.greedy(40).withStopTokenIds(loaded.stopTokenIds());
            GenerationResult result = loaded.generator().generate(ids, params);
            assertEquals(40, result.completionTokens(), "EOS has a zero LM-head row and never wins");
            assertTrue(Arrays.stream(result.tokenIds()).allMatch(t -> t > 2));
            assertArrayEquals(result.tokenIds(), loaded.generator().generate(ids, params).tokenIds());
        }
    }
}
