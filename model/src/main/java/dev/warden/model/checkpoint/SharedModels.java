package dev.warden.model.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the project's shared reference models live: real trained weights and real tokenizers with their
 * provenance ({@code models/README.md} there), which are never copied into the repository. Tests that need
 * them skip, with {@link #absentMessage}, when they are absent; CI always has them.
 *
 * <p>Location: the system property {@code warden.shared}, else the environment variable
 * {@code WARDEN_SHARED}, else {@code ../shared} beside the repository root (the nearest directory above the
 * working directory that holds the {@code warden} launcher and a {@code pom.xml}). The models are in its
 * {@code models/} subdirectory.
 */
public final class SharedModels {

    private SharedModels() {
    }

    /** The shared directory, when one can be named (it may still not exist). */
    public static Optional<Path> sharedDir() {
        String configured = System.getProperty("warden.shared", System.getenv("WARDEN_SHARED"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("warden")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return Optional.of(dir.resolve("..").resolve("shared").normalize());
            }
        }
        return Optional.empty();
    }

    /** {@code <shared>/models/<relative>}, when it exists. */
    public static Optional<Path> find(String relative) {
        return sharedDir().map(d -> d.resolve("models").resolve(relative)).filter(Files::exists);
    }

    /** {@code <shared>/models/<relative>}, which must exist (check with {@link #find} first). */
    public static Path get(String relative) {
        return find(relative).orElseThrow(() -> new IllegalStateException(absentMessage(relative)));
    }

    /** Why something is skipped when {@code relative} is absent: what is missing and how to point at it. */
    public static String absentMessage(String relative) {
        return "skipped: shared model material '" + relative + "' not found under "
                + sharedDir().map(d -> d.resolve("models").toString()).orElse("../shared/models (no repository root found)")
                + "; set -Dwarden.shared=DIR or WARDEN_SHARED to the directory holding models/";
    }
}
