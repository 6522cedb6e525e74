package dev.warden.inference.app;

import dev.warden.model.cli.DemoModels;
import java.nio.file.Path;
import java.util.Optional;

/** Which checkpoint the service serves at startup: the configured one, or the demo model. */
public final class CheckpointResolver {

    private CheckpointResolver() {
    }

    /**
     * The configured checkpoint, or {@code <modelsDir>/demo/aligned}, built first when the demo models are
     * absent (blocking: minutes the first time).
     */
    public static Path resolve(Optional<Path> checkpoint, Path modelsDir) {
        return checkpoint.orElseGet(() -> DemoModels.ensureBuilt(modelsDir).resolve("aligned"));
    }

    /** What {@link #resolve} will load, for logs and UNAVAILABLE messages, without building anything. */
    public static String describe(Optional<Path> checkpoint, Path modelsDir) {
        return checkpoint.map(Path::toString)
                .orElse(modelsDir.resolve("demo").resolve("aligned") + " (the demo model, built first if absent)");
    }
}
