package dev.warden.tools.judge.corpus;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.List;
import java.util.Set;

/**
 * A section of a content file: a header such as {@code [howto S1,S10]} or {@code [slot person]} and its items.
 *
 * @param file       the content file's stem, e.g. "harmful"
 * @param kind       the header's first word, e.g. "howto", "slot", "refusal"
 * @param qualifier  the header's second word as written ("S1,S10", "person") or "" when absent
 * @param categories the S-codes of the qualifier when it is a list of S-codes, else empty
 * @param items      the items, in file order, each with its split
 */
public record ContentSection(String file, String kind, String qualifier, Set<HazardCategory> categories,
                             List<ContentItem> items) {

    /** Copies the collections. */
    public ContentSection {
        categories = Set.copyOf(categories);
        items = List.copyOf(items);
    }

    /** The items of one split, in file order. */
    public List<ContentItem> items(Split split) {
        return items.stream().filter(i -> i.split() == split).toList();
    }

    /** The section's key: {@code kind} alone, or {@code kind qualifier}. */
    public String key() {
        return qualifier.isEmpty() ? kind : kind + " " + qualifier;
    }
}
