package dev.warden.inference;

import dev.warden.inference.app.CheckpointResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configured checkpoint wins; without one, the demo model's aligned checkpoint (not rebuilt when present). */
class CheckpointResolverTest {

    @Test
    void theConfiguredCheckpointWins(@TempDir Path models) {
        Path configured = Path.of("/somewhere/model");
        assertEquals(configured, CheckpointResolver.resolve(Optional.of(configured), models));
        assertEquals("/somewhere/model", CheckpointResolver.describe(Optional.of(configured), models));
    }

    @Test
    void otherwiseTheDemoModelsAlignedCheckpoint(@TempDir Path models) throws IOException {
        for (String variant : new String[] {"aligned", "finetuned", "finetuned-sai"}) { // looks built: nothing is trained
            Path dir = Files.createDirectories(models.resolve("demo").resolve(variant));
            Files.writeString(dir.resolve("config.json"), "{}");
            Files.writeString(dir.resolve("model.safetensors"), "");
        }
        assertEquals(models.resolve("demo").resolve("aligned"), CheckpointResolver.resolve(Optional.empty(), models));
        assertTrue(CheckpointResolver.describe(Optional.empty(), models).contains("demo model"));
    }
}
