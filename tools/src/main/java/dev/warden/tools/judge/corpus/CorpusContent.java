package dev.warden.tools.judge.corpus;

import dev.warden.guard.taxonomy.HazardCategory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-written material the corpus is generated from: the content files under
 * {@code /corpus/content/} on the classpath (templates, slots, harmful requests, lookalikes, benign
 * requests, response pieces). See {@code templates.txt} for the file format and the split rule.
 *
 * <p>Sections are looked up by file and key, e.g. {@code section("harmful", "howto S9")}.
 */
public final class CorpusContent {

    /** The content files, in the order they are hashed. */
    public static final List<String> FILES =
            List.of("templates", "slots", "harmful", "lookalike", "benign", "responses");

    private static final String ROOT = "/corpus/content/";

    private final Map<String, List<ContentSection>> byFile;
    private final String sha256;

    private CorpusContent(Map<String, List<ContentSection>> byFile, String sha256) {
        this.byFile = byFile;
        this.sha256 = sha256;
    }

    /**
     * Loads the content files from the classpath.
     *
     * @throws IllegalStateException if a file is missing
     * @throws IllegalArgumentException if a file is malformed (see {@link ContentParser})
     */
    public static CorpusContent load() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String file : FILES) {
            try (InputStream in = CorpusContent.class.getResourceAsStream(ROOT + file + ".txt")) {
                if (in == null) {
                    throw new IllegalStateException("corpus content file " + ROOT + file + ".txt is not on the classpath");
                }
                texts.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ROOT + file + ".txt", e);
            }
        }
        return of(texts);
    }

    /**
     * Loads the content files from a folder on disk (e.g. {@code tools/src/main/resources/corpus/content},
     * so that edited files take effect without a rebuild).
     *
     * @throws UncheckedIOException if a file cannot be read
     */
    public static CorpusContent load(java.nio.file.Path folder) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String file : FILES) {
            java.nio.file.Path path = folder.resolve(file + ".txt");
            try {
                texts.put(file, java.nio.file.Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read corpus content file " + path, e);
            }
        }
        return of(texts);
    }

    /**
     * Builds the content from file texts (for tests and tools).
     *
     * @param texts file stem to text; every stem of {@link #FILES} must be present
     */
    public static CorpusContent of(Map<String, String> texts) {
        Map<String, List<ContentSection>> byFile = new LinkedHashMap<>();
        MessageDigest digest = sha256Digest();
        for (String file : FILES) {
            String text = texts.get(file);
            if (text == null) {
                throw new IllegalArgumentException("content file '" + file + "' is missing");
            }
            byFile.put(file, ContentParser.parse(file, text));
            digest.update(file.getBytes(StandardCharsets.UTF_8));
            digest.update(text.getBytes(StandardCharsets.UTF_8));
        }
        return new CorpusContent(byFile, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * The development fold: the same content with every HELD-OUT item removed and the TRAIN items of each
     * section split again by {@link Split#ofIndex} over their new positions, so that its HELDOUT split is a
     * dev split carved out of training content only. Used to choose thresholds without looking at the
     * real held-out split. Sections left with fewer than four training items get no dev item.
     */
    public CorpusContent devFold() {
        Map<String, List<ContentSection>> folded = new LinkedHashMap<>();
        byFile.forEach((file, sections) -> {
            List<ContentSection> out = new ArrayList<>();
            for (ContentSection s : sections) {
                List<ContentItem> train = s.items(Split.TRAIN);
                List<ContentItem> items = new ArrayList<>(train.size());
                for (int i = 0; i < train.size(); i++) {
                    ContentItem item = train.get(i);
                    Split split = train.size() < ContentParser.MIN_ITEMS ? Split.TRAIN : Split.ofIndex(i);
                    items.add(new ContentItem(item.id(), item.text(), item.categories(), split));
                }
                out.add(new ContentSection(s.file(), s.kind(), s.qualifier(), s.categories(), items));
            }
            folded.put(file, out);
        });
        return new CorpusContent(folded, sha256 + "/dev");
    }

    /** SHA-256 over the names and texts of all content files. */
    public String sha256() {
        return sha256;
    }

    /** All sections of one file. */
    public List<ContentSection> sections(String file) {
        List<ContentSection> sections = byFile.get(file);
        if (sections == null) {
            throw new IllegalArgumentException("unknown content file '" + file + "'; files are " + FILES);
        }
        return sections;
    }

    /** The sections of a file with the given kind ("howto", "write", "ask", "safe" ...). */
    public List<ContentSection> sectionsOfKind(String file, String kind) {
        return sections(file).stream().filter(s -> s.kind().equals(kind)).toList();
    }

    /**
     * The items of one section in one split.
     *
     * @param file the file stem
     * @param key  the section key, e.g. "howto", "slot person", "safe S11"
     * @throws IllegalArgumentException if there is no such section
     */
    public List<ContentItem> items(String file, String key, Split split) {
        for (ContentSection s : sections(file)) {
            if (s.key().equals(key)) {
                return s.items(split);
            }
        }
        throw new IllegalArgumentException("content file '" + file + "' has no section [" + key + "]");
    }

    /** Whether a file has a section with this key. */
    public boolean hasSection(String file, String key) {
        return sections(file).stream().anyMatch(s -> s.key().equals(key));
    }

    /** The names of all slots of slots.txt. */
    public List<String> slotNames() {
        List<String> names = new ArrayList<>();
        for (ContentSection s : sections("slots")) {
            names.add(s.qualifier());
        }
        return names;
    }

    /** The safe-completion sentences for a category in one split (responses.txt, [safe Sx]). */
    public List<ContentItem> safeCompletions(HazardCategory category, Split split) {
        return items("responses", "safe " + category.code(), split);
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
