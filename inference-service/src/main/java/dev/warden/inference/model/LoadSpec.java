package dev.warden.inference.model;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to load.
 *
 * @param path  the checkpoint directory
 * @param name  the name to serve it under; empty means the directory's name
 * @param dtype the compute dtype; empty means the service's configured one
 */
public record LoadSpec(Path path, Optional<String> name, Optional<DataType> dtype) {

    /** Requires every part; a blank name counts as none. */
    public LoadSpec {
        Objects.requireNonNull(path, "path");
        name = name.filter(n -> !n.isBlank());
        Objects.requireNonNull(dtype, "dtype");
    }

    /** The directory under its own name, in the configured dtype. */
    public static LoadSpec of(Path path) {
        return new LoadSpec(path, Optional.empty(), Optional.empty());
    }
}
