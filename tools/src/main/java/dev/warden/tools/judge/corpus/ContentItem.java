package dev.warden.tools.judge.corpus;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.Set;

/**
 * One line of the corpus content: a template, a request, a slot value or a piece of a response.
 *
 * @param id         stable identifier {@code file:section[:qualifier]:index}, recorded in every example
 *                   built from it (the disjointness of the splits is checked on these ids)
 * @param text       the raw line, with its {@code {slot}} and {@code (a|b)} syntax still in it
 * @param categories the categories of its section (violated for harmful requests, resembled for
 *                   lookalikes, the category of a safe completion); empty elsewhere
 * @param split      the split it belongs to
 */
public record ContentItem(String id, String text, Set<HazardCategory> categories, Split split) {

    /** Validates and copies the categories. */
    public ContentItem {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("content item id must not be blank");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("content item " + id + " has no text");
        }
        categories = Set.copyOf(categories);
    }
}
