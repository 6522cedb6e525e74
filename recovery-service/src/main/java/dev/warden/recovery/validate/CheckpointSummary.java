package dev.warden.recovery.validate;

import dev.warden.model.config.ModelConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What validation learned of a checkpoint from its headers alone (no tensor is read).
 *
 * @param dir    the checkpoint directory (real path)
 * @param config its {@code config.json}
 * @param shapes every tensor's shape by name, in checkpoint order
 */
public record CheckpointSummary(Path dir, ModelConfig config, Map<String, long[]> shapes) {

    /** Copies the map (unmodifiable, order kept). */
    public CheckpointSummary {
        shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
    }

    /** A shape as {@code [a, b]}. */
    public static String format(long[] shape) {
        return Arrays.toString(shape);
    }
}
