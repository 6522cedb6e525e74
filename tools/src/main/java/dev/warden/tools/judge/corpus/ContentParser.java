package dev.warden.tools.judge.corpus;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses a content file: {@code [kind]} or {@code [kind qualifier]} headers, one item per line, {@code #}
 * comments and blank lines ignored, a literal {@code \n} in an item read as a line break. A qualifier made
 * of S-codes ({@code S1,S10}) gives the section its categories. Items are split by {@link Split#ofIndex},
 * so every section needs at least four items (one held out).
 */
public final class ContentParser {

    /** Fewest items a section may have, so that both splits get one. */
    public static final int MIN_ITEMS = 4;

    private ContentParser() {
    }

    /**
     * Parses one file.
     *
     * @param file the file's stem, used in item ids and messages
     * @param text the file's text
     * @return its sections in file order
     * @throws IllegalArgumentException on an item before any header, a malformed header, an unknown S-code,
     *         or a section with fewer than {@link #MIN_ITEMS} items (the message names file and line)
     */
    public static List<ContentSection> parse(String file, String text) {
        List<ContentSection> sections = new ArrayList<>();
        String kind = null;
        String qualifier = "";
        Set<HazardCategory> categories = Set.of();
        List<String> lines = new ArrayList<>();
        int headerLine = 0;
        String[] all = text.split("\r?\n", -1);
        for (int n = 0; n < all.length; n++) {
            String line = all[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]") && isHeader(line)) {
                if (kind != null) {
                    sections.add(section(file, kind, qualifier, categories, lines, headerLine));
                }
                String[] words = line.substring(1, line.length() - 1).strip().split("\\s+");
                if (words.length > 2) {
                    throw new IllegalArgumentException(file + ":" + (n + 1) + ": header " + line
                            + " has more than two words");
                }
                kind = words[0];
                qualifier = words.length == 2 ? words[1] : "";
                categories = categoriesOf(qualifier).orElse(Set.of());
                lines = new ArrayList<>();
                headerLine = n + 1;
                continue;
            }
            if (kind == null) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": item before any [section] header");
            }
            lines.add(line.replace("\\n", "\n"));
        }
        if (kind != null) {
            sections.add(section(file, kind, qualifier, categories, lines, headerLine));
        }
        return sections;
    }

    /** A header is a bracketed lowercase word, optionally followed by one more word. */
    private static boolean isHeader(String line) {
        return line.matches("\\[[a-z][a-z-]*( [A-Za-z0-9,-]+)?]");
    }

    /** The categories of a qualifier such as "S1,S10"; empty when it is not an S-code list. */
    static Optional<Set<HazardCategory>> categoriesOf(String qualifier) {
        if (!qualifier.matches("S\\d+(,S\\d+)*")) {
            return Optional.empty();
        }
        Set<HazardCategory> set = EnumSet.noneOf(HazardCategory.class);
        for (String code : qualifier.split(",")) {
            set.add(HazardCategory.ofCode(code).orElseThrow(() -> new IllegalArgumentException(
                    "unknown hazard category " + code + " (expected " + HazardCategory.codes() + ")")));
        }
        return Optional.of(set);
    }

    private static ContentSection section(String file, String kind, String qualifier,
                                          Set<HazardCategory> categories, List<String> lines, int headerLine) {
        if (lines.size() < MIN_ITEMS) {
            throw new IllegalArgumentException(file + ":" + headerLine + ": section [" + kind
                    + (qualifier.isEmpty() ? "" : " " + qualifier) + "] has " + lines.size()
                    + " items; at least " + MIN_ITEMS + " are needed so that both splits get one");
        }
        List<ContentItem> items = new ArrayList<>(lines.size());
        String prefix = file + ":" + kind + (qualifier.isEmpty() ? "" : ":" + qualifier) + ":";
        for (int i = 0; i < lines.size(); i++) {
            items.add(new ContentItem(prefix + i, lines.get(i), categories, Split.ofIndex(i)));
        }
        return new ContentSection(file, kind, qualifier, categories, items);
    }
}
