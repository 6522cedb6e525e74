package dev.warden.recovery.paths;

import dev.warden.recovery.error.InvalidArgumentException;
import dev.warden.recovery.error.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A directory that request paths must stay in. A relative path is resolved against the root; the result,
 * {@code ..} segments folded, must lie under the root; an existing path is then resolved through its
 * symbolic links ({@link Path#toRealPath}) and must still lie under the root's real path, so neither
 * {@code ../} nor a link pointing elsewhere can reach a file outside it.
 *
 * <p>Thread-safe (immutable).
 */
public final class ConfinedRoot {

    private final String name;
    private final Path root;
    private final Path realRoot;

    private ConfinedRoot(String name, Path root, Path realRoot) {
        this.name = name;
        this.root = root;
        this.realRoot = realRoot;
    }

    /**
     * A confined root over the existing directory {@code dir}.
     *
     * @param name what the root is called in messages, e.g. "model root"
     * @throws IllegalStateException when {@code dir} is not an existing directory
     */
    public static ConfinedRoot of(String name, Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new IllegalStateException("the " + name + " " + absolute + " is not an existing directory");
        }
        try {
            return new ConfinedRoot(name, absolute, absolute.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve the " + name + " " + absolute, e);
        }
    }

    /** The root, absolute and normalised. */
    public Path root() {
        return root;
    }

    /** The root with every symbolic link resolved. */
    public Path realRoot() {
        return realRoot;
    }

    /**
     * The path {@code value} names, without touching the file system: absolute, normalised, under the root.
     *
     * @param field the request field, for messages
     * @throws InvalidArgumentException when the value is not a path or lies outside the root
     */
    public Path lexical(String field, String value) {
        Path p;
        try {
            p = Path.of(value);
        } catch (InvalidPathException e) {
            throw new InvalidArgumentException(field, "not a valid path: " + e.getReason());
        }
        Path resolved = (p.isAbsolute() ? p : root.resolve(p)).normalize();
        if (!resolved.startsWith(root) && !resolved.startsWith(realRoot)) {
            throw new InvalidArgumentException(field, "'" + value + "' is outside the " + name + " " + root
                    + " (paths must stay under it; '..' may not leave it)");
        }
        return resolved;
    }

    /**
     * The real path of the existing file or directory {@code value} names.
     *
     * @throws InvalidArgumentException when it lies outside the root, or a symbolic link leads out of it
     * @throws NotFoundException        when it does not exist
     */
    public Path existing(String field, String value) {
        Path lexical = lexical(field, value);
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (NoSuchFileException e) {
            throw new NotFoundException(field, "'" + value + "' does not exist (under the " + name + " " + root + ")");
        } catch (IOException e) {
            throw new InvalidArgumentException(field, "'" + value + "' cannot be resolved: " + e.getMessage(), e);
        }
        if (!real.startsWith(realRoot)) {
            throw new InvalidArgumentException(field, "'" + value + "' escapes the " + name
                    + " through a symbolic link (it resolves outside " + root + ")");
        }
        return real;
    }

    /**
     * A path that must not exist yet, under the root: its nearest existing ancestor is resolved through its
     * links and must stay under the root.
     *
     * @throws InvalidArgumentException when it exists, lies outside the root or escapes it through a link
     */
    public Path fresh(String field, String value) {
        Path lexical = lexical(field, value);
        if (Files.exists(lexical, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException(field, "'" + value + "' already exists; a repair never overwrites"
                    + " a directory: name a new one");
        }
        Path ancestor = lexical.getParent();
        while (ancestor != null && !Files.exists(ancestor, LinkOption.NOFOLLOW_LINKS)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new InvalidArgumentException(field, "'" + value + "' has no existing parent directory");
        }
        Path realAncestor;
        try {
            realAncestor = ancestor.toRealPath();
        } catch (IOException e) {
            throw new InvalidArgumentException(field, "'" + value + "' cannot be resolved: " + e.getMessage(), e);
        }
        if (!realAncestor.startsWith(realRoot)) {
            throw new InvalidArgumentException(field, "'" + value + "' escapes the " + name
                    + " through a symbolic link (it resolves outside " + root + ")");
        }
        if (!Files.isDirectory(realAncestor)) {
            throw new InvalidArgumentException(field, "'" + value + "' lies under " + ancestor
                    + ", which is not a directory");
        }
        return realAncestor.resolve(ancestor.relativize(lexical)).normalize();
    }
}
