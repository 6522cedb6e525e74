package dev.warden.tools.judge.corpus;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a content line: picks one alternative of every {@code (a|b|c)} group, then replaces every
 * {@code {name}} by a value given by the caller or, failing that, by a random value of the slot
 * {@code name} of slots.txt IN THE SAME SPLIT (so held-out text only ever holds held-out slot values).
 * Finally tidies spaces ("a  b" becomes "a b", " ?" becomes "?").
 */
public final class TextExpander {

    private static final Pattern ALTERNATION = Pattern.compile("\\(([^()]*\\|[^()]*)\\)");
    private static final Pattern SLOT = Pattern.compile("\\{([a-z]+)}");

    private final CorpusContent content;

    /** An expander over the slots of {@code content}. */
    public TextExpander(CorpusContent content) {
        this.content = content;
    }

    /**
     * Expands {@code text}.
     *
     * @param text    a content line
     * @param given   values for slots filled by the caller ({@code v}, {@code q}, {@code topic} ...); they win
     *                over slots.txt
     * @param split   the split whose slot values may be used
     * @param random  the source of choices
     * @param sources receives the id of every slot value used
     * @return the filled text
     * @throws IllegalArgumentException if a slot is neither given nor in slots.txt
     */
    public String expand(String text, Map<String, String> given, Split split, SplittableRandom random,
                         List<String> sources) {
        String chosen = chooseAlternatives(text, random);
        Matcher m = SLOT.matcher(chosen);
        StringBuilder out = new StringBuilder(chosen.length() + 32);
        while (m.find()) {
            String name = m.group(1);
            String value = given.get(name);
            if (value == null) {
                if (!content.hasSection("slots", "slot " + name)) {
                    throw new IllegalArgumentException("slot {" + name + "} in \"" + text
                            + "\" is neither given nor defined in slots.txt");
                }
                List<ContentItem> values = content.items("slots", "slot " + name, split);
                ContentItem item = values.get(random.nextInt(values.size()));
                sources.add(item.id());
                value = chooseAlternatives(item.text(), random);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return tidy(out.toString());
    }

    /** Replaces every {@code (a|b)} group with one of its alternatives. */
    static String chooseAlternatives(String text, SplittableRandom random) {
        String current = text;
        Matcher m = ALTERNATION.matcher(current);
        while (m.find()) {
            String[] options = m.group(1).split("\\|", -1);
            String pick = options[random.nextInt(options.length)];
            current = current.substring(0, m.start()) + pick + current.substring(m.end());
            m = ALTERNATION.matcher(current);
        }
        return current;
    }

    /** Collapses runs of spaces (not line breaks) and removes a space before closing punctuation. */
    static String tidy(String text) {
        return text.replaceAll("[ \\t]{2,}", " ").replaceAll(" ([?.!,:;])", "$1").strip();
    }
}
