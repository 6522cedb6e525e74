package dev.warden.judge.guard;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a guard model's answer. The expected form is Llama Guard's: a first line "safe" or "unsafe" and,
 * when unsafe, a second line of comma-separated S-codes ("S1,S10"). Never throws: an answer that says
 * neither is an explicit {@link GuardVerdict.Unparseable}.
 *
 * <p>Tolerated: surrounding white space and blank lines; any letter case; a leading {@code <think>...</think>}
 * block; special tokens such as {@code <|eot_id|>}; markdown or quote decoration ("**unsafe**"); a label
 * before the verdict ("Answer: safe", "Safety assessment: unsafe"); a period after it; codes on the
 * verdict line itself ("unsafe S2"); codes separated by commas, semicolons or spaces, with brackets, a
 * "Categories:" label or trailing periods; zero-padded codes ("S01"); category names instead of codes
 * ("Violent Crimes"); anything after the code line. An "unsafe" with no codes is unsafe with no category;
 * codes outside S1..S14 are kept as unknown codes. A first word that merely starts with a verdict
 * ("unsafety", "safeguard") is not a verdict.
 */
public final class GuardOutputParser {

    private static final Pattern THINK = Pattern.compile("(?is)^\\s*<think>.*?</think>");
    private static final Pattern SPECIAL_TOKEN = Pattern.compile("<\\|[^|>\\s]{1,40}\\|>");
    private static final Pattern VERDICT_LINE = Pattern.compile(
            "(?i)^[\\W_]*(?:(?:safety\\s+)?(?:answer|assessment|verdict|rating|result|classification)\\s*:[\\W_]*)?"
                    + "(safe|unsafe)(?![\\p{L}\\p{N}])(.*)$");
    private static final Pattern CODE = Pattern.compile("(?i)^([a-z])(\\d{1,3})$");
    private static final Pattern TOKEN_SEPARATORS = Pattern.compile("[,;\\s]+");

    private GuardOutputParser() {
    }

    /**
     * Parses one answer.
     *
     * @param output the guard's generated text (null is unparseable)
     * @return safe, unsafe with the named categories, or unparseable with a reason
     */
    public static GuardVerdict parse(String output) {
        if (output == null) {
            return GuardVerdict.unparseable("no output", "");
        }
        String cleaned = SPECIAL_TOKEN.matcher(THINK.matcher(output).replaceFirst("")).replaceAll("\n");
        List<String> lines = nonBlankLines(cleaned);
        if (lines.isEmpty()) {
            return GuardVerdict.unparseable("empty output", output);
        }
        Matcher m = VERDICT_LINE.matcher(lines.get(0));
        if (!m.matches()) {
            return GuardVerdict.unparseable("first line is neither 'safe' nor 'unsafe'", output);
        }
        if (m.group(1).equalsIgnoreCase("safe")) {
            return GuardVerdict.safe();
        }
        Categories found = categories(m.group(2));
        if (found.isEmpty() && lines.size() > 1) {
            found = categories(lines.get(1));
        }
        return GuardVerdict.unsafe(found.known, found.unknown);
    }

    private static List<String> nonBlankLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    /** The codes (or, failing codes, the category names) on one line. */
    private static Categories categories(String line) {
        String l = line.replaceAll("(?i)^\\W*(?:violated\\s+)?categor(?:y|ies)\\s*:", "")
                .replaceAll("[\\[\\](){}\"'`*]", " ");
        Categories found = new Categories();
        for (String token : TOKEN_SEPARATORS.split(l)) {
            String t = token.replaceAll("[.:!?]+$", "");
            Matcher m = CODE.matcher(t);
            if (!m.matches()) {
                continue;
            }
            Optional<HazardCategory> c = m.group(1).equalsIgnoreCase("s")
                    ? HazardCategory.ofNumber(Integer.parseInt(m.group(2))) : Optional.empty();
            if (c.isPresent()) {
                found.known.add(c.get());
            } else if (!found.unknown.contains(t.toUpperCase(Locale.ROOT))) {
                found.unknown.add(t.toUpperCase(Locale.ROOT));
            }
        }
        if (found.isEmpty()) {
            for (String name : l.split("[,;]")) {
                GuardCategories.ofName(name).ifPresent(found.known::add);
            }
        }
        return found;
    }

    /** Categories found on a line. */
    private static final class Categories {
        final Set<HazardCategory> known = EnumSet.noneOf(HazardCategory.class);
        final List<String> unknown = new ArrayList<>();

        boolean isEmpty() {
            return known.isEmpty() && unknown.isEmpty();
        }
    }
}
