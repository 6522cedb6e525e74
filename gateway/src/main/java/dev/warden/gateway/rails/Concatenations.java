package dev.warden.gateway.rails;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds payloads split into pieces that the model is asked to put together: quoted fragments joined by
 * {@code +} ({@code "bo" + "mb"}) and variables assigned string pieces then concatenated
 * ({@code a = "..."; b = "..."; a + b}). Works on normalised text. Stateless.
 */
final class Concatenations {

    /** A concatenation: the normalised chars {@code [start, end)} and the text the pieces form. */
    record Concatenation(int start, int end, String joined) {
    }

    private static final Pattern LITERAL = Pattern.compile("\"([^\"\\n]{0,80})\"|'([^'\\n]{0,80})'");
    private static final Pattern PLUS = Pattern.compile("\\s*\\+\\s*");
    private static final Pattern ASSIGNMENT =
            Pattern.compile("\\b([a-z_][a-z0-9_]{0,11})\\s*:?=\\s*(?:\"([^\"\\n]{1,120})\"|'([^'\\n]{1,120})')");
    private static final Pattern EXPRESSION =
            Pattern.compile("\\b[a-z_][a-z0-9_]{0,11}(?:\\s*\\+\\s*[a-z_][a-z0-9_]{0,11}){1,9}\\b");

    private Concatenations() {
    }

    /** The concatenations in {@code normalised}; none unless it holds a {@code +}. */
    static List<Concatenation> find(String normalised) {
        if (normalised.indexOf('+') < 0) {
            return List.of();
        }
        List<Concatenation> found = new ArrayList<>(0);
        literalChains(normalised, found);
        if (normalised.indexOf('=') >= 0) {
            variableSums(normalised, found);
        }
        return found;
    }

    private static void literalChains(String text, List<Concatenation> found) {
        Matcher literal = LITERAL.matcher(text);
        Matcher plus = PLUS.matcher(text);
        int from = 0;
        while (from < text.length() && literal.find(from)) {
            int start = literal.start();
            StringBuilder joined = new StringBuilder(value(literal));
            int pieces = 1;
            int end = literal.end();
            while (plus.region(end, text.length()).lookingAt()
                    && literal.region(plus.end(), text.length()).lookingAt()) {
                joined.append(value(literal));
                pieces++;
                end = literal.end();
            }
            literal.reset();
            if (pieces >= 2) {
                found.add(new Concatenation(start, end, joined.toString()));
            }
            from = end;
        }
    }

    private static void variableSums(String text, List<Concatenation> found) {
        Map<String, String> values = new HashMap<>();
        Matcher assignment = ASSIGNMENT.matcher(text);
        while (assignment.find()) {
            values.put(assignment.group(1), value(assignment, 2));
        }
        if (values.size() < 2) {
            return;
        }
        Matcher expression = EXPRESSION.matcher(text);
        while (expression.find()) {
            StringBuilder joined = new StringBuilder();
            boolean known = true;
            for (String name : expression.group().split("\\s*\\+\\s*")) {
                String value = values.get(name.trim());
                known &= value != null;
                joined.append(value == null ? "" : value);
            }
            if (known) {
                found.add(new Concatenation(expression.start(), expression.end(), joined.toString()));
            }
        }
    }

    private static String value(Matcher literal) {
        return value(literal, 1);
    }

    private static String value(Matcher m, int firstGroup) {
        String value = m.group(firstGroup);
        return value != null ? value : m.group(firstGroup + 1);
    }
}
