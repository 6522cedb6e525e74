package dev.warden.tools.guard;

import java.util.Locale;
import java.util.Objects;

/**
 * One row of a safety-train style corpus: {@code {"text", "label", "category", "source", "id"}}.
 *
 * @param text     the prompt (user-side text)
 * @param label    what the row is
 * @param category the source's own category, or null
 * @param source   the source's name (the prefix of {@code id})
 * @param id       {@code <source>:<original id or index>}, unique in the corpus
 */
public record SafetyRow(String text, Label label, String category, String source, String id) {

    /** The four labels of the format. */
    public enum Label {
        /** A direct harmful request. */
        HARMFUL,
        /** A jailbreak: a harmful request wrapped to get past a model's refusals. */
        JAILBREAK,
        /** A prompt injection: instructions smuggled into input the model should treat as data. */
        INJECTION,
        /** An ordinary request. */
        BENIGN;

        /** The label of its JSON name ({@code harmful | jailbreak | injection | benign}). */
        public static Label parse(String name) {
            for (Label l : values()) {
                if (l.json().equals(name)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("label must be harmful, jailbreak, injection or benign, got '" + name + "'");
        }

        /** The JSON name. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Sources whose names start with this are written by the project (tools/data/guard-extra), not public. */
    public static final String PROJECT_PREFIX = "warden_";

    /** Whether the row is project-written ({@link #PROJECT_PREFIX}): trained on, kept out of the targets. */
    public boolean projectWritten() {
        return source.startsWith(PROJECT_PREFIX);
    }

    /** Checks that every field but the category is present and the text is not blank. */
    public SafetyRow {
        Objects.requireNonNull(label, "label");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text is missing or blank");
        }
        if (source == null || source.isBlank() || id == null || id.isBlank()) {
            throw new IllegalArgumentException("source and id are required");
        }
    }
}
