package dev.warden.gateway.rails;

import dev.warden.guard.taxonomy.AttackFamily;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses one rule file (format in {@link RuleSet}) into rules, expanding macros and compiling patterns. */
final class RuleFileParser {

    private static final Set<Scope> DEFAULT_SCOPES = Set.of(Scope.USER, Scope.TOOL);

    private final String file;
    private final Map<String, String> macros;
    private final List<String> topicAnchors;

    private AttackFamily family;
    private boolean familySeen;
    private Builder current;

    RuleFileParser(String file, Map<String, String> macros, List<String> topicAnchors) {
        this.file = file;
        this.macros = macros;
        this.topicAnchors = topicAnchors;
    }

    /** The rules of the file's lines (comments and blank lines already removed). */
    List<Rule> parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("[") && line.endsWith("]")) {
                if (current != null) {
                    rules.add(current.build());
                }
                requireFamily(line);
                current = new Builder(line.substring(1, line.length() - 1).trim());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw error("expected 'key = value', got: " + line);
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (current == null) {
                if (!key.equals("family")) {
                    throw error("expected 'family = NAME' before the first rule, got: " + line);
                }
                family = RuleSet.HARMFUL_REQUEST.equals(value) ? null : family(value);
                familySeen = true;
            } else {
                current.set(key, value);
            }
        }
        if (current != null) {
            rules.add(current.build());
        }
        return rules;
    }

    private AttackFamily family(String name) {
        try {
            return AttackFamily.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            throw error("unknown family '" + name + "' (an AttackFamily name or " + RuleSet.HARMFUL_REQUEST + ")");
        }
    }

    private void requireFamily(String line) {
        if (!familySeen) {
            throw error("expected 'family = NAME' before " + line);
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(file + ": " + message);
    }

    /** The keys of one rule block. */
    private final class Builder {
        private final String id;
        private double weight = Double.NaN;
        private double harmWeight = Double.NaN;
        private Set<Scope> scopes = DEFAULT_SCOPES;
        private final List<String> anchors = new ArrayList<>();
        private final List<RulePattern> patterns = new ArrayList<>();
        private final List<List<String>> context = new ArrayList<>();
        private String reason;
        private int reach = RuleSet.DEFAULT_REACH;
        private final List<String> examples = new ArrayList<>();
        private final List<String> counterExamples = new ArrayList<>();

        Builder(String id) {
            this.id = id;
        }

        void set(String key, String value) {
            String where = file + " [" + id + "]";
            switch (key) {
                case "weight" -> weight = number(value, where);
                case "harm-weight" -> harmWeight = number(value, where);
                case "roles" -> {
                    EnumSet<Scope> parsed = EnumSet.noneOf(Scope.class);
                    for (String role : value.split(",")) {
                        parsed.add(Scope.parse(role));
                    }
                    scopes = parsed;
                }
                case "anchors" -> anchors.addAll(words(value));
                case "pattern" -> patterns.add(RulePattern.compile(RuleSet.expand(value, macros, where), where));
                case "context" -> context.add(words(value));
                case "reason" -> reason = value;
                case "reach" -> reach = (int) number(value, where);
                case "example" -> examples.add(value);
                case "not" -> counterExamples.add(value);
                default -> throw new IllegalArgumentException(where + ": unknown key '" + key + "'");
            }
        }

        Rule build() {
            String where = file + " [" + id + "]";
            if (Double.isNaN(weight) || reason == null) {
                throw new IllegalArgumentException(where + ": weight and reason are required");
            }
            return new Rule(id, family, weight, Double.isNaN(harmWeight) ? weight : harmWeight, scopes, anchors,
                    patterns, context, reach, reason, examples, counterExamples);
        }

        /** A comma-separated word list; {@code {topic}} stands for the harmful topics. */
        private List<String> words(String value) {
            List<String> words = new ArrayList<>();
            for (String word : value.split(",")) {
                String trimmed = word.trim().toLowerCase(Locale.ROOT);
                if (trimmed.equals("{topic}")) {
                    words.addAll(topicAnchors);
                } else if (!trimmed.isEmpty()) {
                    words.add(trimmed);
                }
            }
            return words;
        }

        private double number(String value, String where) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException bad) {
                throw new IllegalArgumentException(where + ": not a number: " + value, bad);
            }
        }
    }
}
