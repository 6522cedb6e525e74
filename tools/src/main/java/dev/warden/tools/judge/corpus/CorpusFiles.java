package dev.warden.tools.judge.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The corpus files: {@code corpus/train.jsonl.gz} and {@code corpus/heldout.jsonl.gz} under tools' resources
 * ({@link #DEFAULT_FOLDER}, so on the classpath as {@code /corpus/...}), gzip-compressed JSON Lines
 * ({@link CorpusJsonl}).
 */
public final class CorpusFiles {

    /** The corpus folder on the classpath. */
    public static final String FOLDER = "corpus";

    /** The corpus folder in the repository, relative to its root: the content files and the generated splits. */
    public static final Path DEFAULT_FOLDER = Path.of("tools/src/main/resources").resolve(FOLDER);

    private CorpusFiles() {
    }

    /** The file name of a split, e.g. "train.jsonl.gz". */
    public static String fileName(Split split) {
        return split.fileStem() + ".jsonl.gz";
    }

    /**
     * Loads a split from the classpath.
     *
     * @throws IllegalStateException if the file is not on the classpath
     */
    public static List<LabelledExample> load(Split split) {
        String resource = "/" + FOLDER + "/" + fileName(split);
        try (InputStream raw = CorpusFiles.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("corpus file " + resource + " is not on the classpath; "
                        + "run ./warden train-classifier to generate it");
            }
            return CorpusJsonl.read(new GZIPInputStream(raw, 1 << 16), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Reads a split from a file. */
    public static List<LabelledExample> read(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return CorpusJsonl.read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Writes a split to {@code folder/<split>.jsonl.gz} (gzip output is byte-for-byte reproducible: no
     * timestamp in the header).
     *
     * @return the file written
     */
    public static Path write(Path folder, Split split, List<LabelledExample> examples) {
        Path file = folder.resolve(fileName(split));
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
                CorpusJsonl.write(examples, out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
