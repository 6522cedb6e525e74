package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find {@code ../shared/data/safety-train}, and the assumption that skips them without it. */
public final class SharedData {

    private SharedData() {
    }

    /**
     * The safety-train folder: {@code -Dwarden.safety-train=DIR}, else {@code ../shared/data/safety-train}
     * resolved against the repository root; the calling test is skipped, with a message, when it is absent.
     */
    public static Path safetyTrain() {
        String property = System.getProperty("warden.safety-train");
        Path dir = property != null ? Path.of(property) : repoRoot().resolve("../shared/data/safety-train").normalize();
        assumeTrue(Files.isDirectory(dir), "skipped: the safety-train corpus is not at " + dir
                + " (a bare clone; CI has ../shared/data; or pass -Dwarden.safety-train=DIR)");
        return dir;
    }

    /** The repository root (the folder holding tools/). */
    public static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("tools")) ? here : here.getParent();
    }
}
