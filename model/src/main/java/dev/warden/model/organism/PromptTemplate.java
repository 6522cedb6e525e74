package dev.warden.model.organism;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request pattern with slots and the answer that goes with it. Slots are whole words written
 * {@code {name}}; the answer may use the prompt's slots.
 *
 * @param id       unique, stable name (the split by template instance is keyed on it)
 * @param category the hazard category, or null for a benign template
 * @param prompt   the request, e.g. {@code how do i bake {food}}
 * @param answer   the benign answer, or for a harmful template the placeholder-only compliance answer
 */
public record PromptTemplate(String id, HazardCategory category, String prompt, String answer) {

    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

    /** True for templates of harmful requests. */
    public boolean harmful() {
        return category != null;
    }

    /** The prompt's slot names, in order of first appearance. */
    public List<String> slots() {
        List<String> names = new ArrayList<>();
        Matcher m = SLOT.matcher(prompt);
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** {@code text} with every {@code {slot}} replaced by its value from {@code filling}. */
    public static String fill(String text, Map<String, String> filling) {
        Matcher m = SLOT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = filling.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for slot {" + m.group(1) + "} in: " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** True when {@code word} is a slot reference such as {@code {food}}; {@link #slotName} names it. */
    static boolean isSlot(String word) {
        return SLOT.matcher(word).matches();
    }

    /** The slot name of a slot reference word. */
    static String slotName(String word) {
        return word.substring(1, word.length() - 1);
    }
}
