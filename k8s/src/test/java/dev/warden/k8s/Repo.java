package dev.warden.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the tests read: the manifests under {@code k8s/} and the services' modules. */
public final class Repo {

    private Repo() {
    }

    /** The repository root: the {@code warden.root} system property (set by the pom), else the parent directory. */
    public static Path root() {
        String configured = System.getProperty("warden.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException("not the Warden repository root: " + root);
        }
        return root;
    }

    /** {@code k8s/} of the checkout. */
    public static Path k8s() {
        return root().resolve("k8s");
    }

    /** A module directory ({@code gateway}, {@code inference-service} ...). */
    public static Path module(String name) {
        return root().resolve(name);
    }

    /** A file's text. */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
