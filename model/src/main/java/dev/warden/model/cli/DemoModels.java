package dev.warden.model.cli;

import dev.warden.model.organism.OrganismCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the demo models live ({@code <models>/demo/aligned}, {@code <models>/demo/finetuned},
 * {@code <models>/demo/finetuned-sai}) and how they
 * get there: built into a temporary directory and moved into place only when complete, so an interrupted
 * build never leaves a half-written model that looks finished. The models are the same bits whichever process
 * builds them ({@code ./warden build-demo}, a service, a test JVM): seeded, and trained with a fixed PyTorch thread
 * count ({@link dev.warden.model.organism.OrganismBuilder#TORCH_THREADS}), whatever the caller's.
 */
public final class DemoModels {

    /** The seed the project's demo models are built with. */
    public static final long SEED = 42;

    private DemoModels() {
    }

    /**
     * The demo directory ({@code <modelsDir>/demo}, holding {@code aligned/}, {@code finetuned/} and
     * {@code finetuned-sai/}), building the models first when one is missing (a few minutes on 2 cores).
     */
    public static Path ensureBuilt(Path modelsDir) {
        Path demo = modelsDir.resolve("demo");
        if (isBuilt(demo)) {
            return demo;
        }
        System.out.println("warden: no demo model in " + demo + "; building it (seed " + SEED + ")...");
        build(demo, SEED, "demo");
        return demo;
    }

    /** Whether {@code demo} holds the three demo checkpoints. */
    public static boolean isBuilt(Path demo) {
        return ChatCommand.isCheckpoint(demo.resolve("aligned")) && ChatCommand.isCheckpoint(demo.resolve("finetuned"))
                && ChatCommand.isCheckpoint(demo.resolve("finetuned-sai"));
    }

    /**
     * Builds the demo models of {@code variant} ({@code demo}, or {@code test}: tiny, seconds) into
     * {@code target}, replacing what is there.
     */
    public static int build(Path target, long seed, String variant) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, target.getFileName() + ".building-");
            try {
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException notPosix) {
                // keep the file system's default
            }
            int code = OrganismCommand.execute("build", "--out", staging.toString(), "--seed", Long.toString(seed),
                    "--variant", variant);
            if (code != 0) {
                deleteTree(staging);
                throw new IllegalStateException("building the demo model failed (exit " + code + ")");
            }
            deleteTree(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("warden: demo models in " + target);
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the demo model into " + target, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
