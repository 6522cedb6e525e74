package dev.warden.gateway.rails;

import dev.warden.guard.taxonomy.AttackFamily;
import dev.warden.guard.text.EncodedPayloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The detector's knowledge, loaded once from resource files and compiled:
 * <ul>
 *   <li>{@code macros.txt}: {@code name = regex} fragments that rules use as {@code {name}};</li>
 *   <li>{@code harmful-topics.txt}: harmful topics, one a line ({@code {topic}} in patterns and anchors);</li>
 *   <li>{@code trigger-words.txt}: words whose spelling-out or splitting signals obfuscation;</li>
 *   <li>{@code <family-tag>.rules} per {@link AttackFamily} and {@code harmful-request.rules}: the rules.</li>
 * </ul>
 * A rule file starts with {@code family = NAME} and holds blocks opened by {@code [rule-id]} with keys
 * {@code weight}, {@code harm-weight}, {@code roles}, {@code anchors}, {@code pattern} (repeatable: any may
 * match), {@code context} (repeatable: from each such list one word must occur anywhere in the message),
 * {@code reason},
 * {@code example} and {@code not} (repeatable), {@code reach}. {@code {gapN}} in a pattern stands for up to
 * N words between two phrases. A match must start at one of its rule's anchors, or at most {@code reach}
 * chars before one (default {@value #DEFAULT_REACH}: at the anchor): the scanner tries a pattern only at
 * those positions, never along the whole text. Immutable, thread-safe.
 */
final class RuleSet {

    /** The pseudo-family of rules that recognise a harmful request. */
    static final String HARMFUL_REQUEST = "HARMFUL_REQUEST";
    /** How far before an anchor a match may start, unless the rule says otherwise ({@code reach}). */
    static final int DEFAULT_REACH = 0;

    private static final Pattern MACRO = Pattern.compile("\\{([a-z][a-z0-9-]*)}");
    private static final Pattern GAP = Pattern.compile("gap([0-9]{1,2})");
    private static final int MIN_LEXICON_TERM = 4;

    private final List<Rule> rules;
    private final AnchorIndex automaton;
    private final List<String> splitLexicon;
    private final Set<String> topicTerms;
    /** Per rule, the automaton index of its first context group (groups are consecutive). */
    private final int[] contextStart;
    private final int markerStart;

    private RuleSet(List<Rule> rules, List<String> splitLexicon, Set<String> topicTerms) {
        this.rules = List.copyOf(rules);
        List<List<String>> anchors = new ArrayList<>(rules.stream().map(Rule::anchors).toList());
        this.contextStart = new int[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            contextStart[r] = anchors.size();
            anchors.addAll(rules.get(r).context()); // pseudo-rules: one per context group
        }
        this.markerStart = anchors.size();
        for (String marker : EncodedPayloads.ROT13_MARKERS) {
            anchors.add(List.of(marker)); // one pseudo-rule per marker: distinct markers are counted
        }
        this.automaton = new AnchorIndex(anchors);
        this.splitLexicon = List.copyOf(splitLexicon);
        this.topicTerms = Set.copyOf(topicTerms);
    }

    /**
     * Loads the rule set under {@code root} (for example {@code "rails"}) with {@code loader}.
     *
     * @throws IllegalArgumentException when a file is missing or malformed, naming the file and line
     */
    static RuleSet load(ClassLoader loader, String root) {
        Map<String, String> macros = new LinkedHashMap<>();
        for (String line : lines(loader, root + "/macros.txt", true)) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(root + "/macros.txt: expected 'name = regex', got: " + line);
            }
            String name = line.substring(0, eq).trim();
            macros.put(name, expand(line.substring(eq + 1).trim(), macros, "macro " + name));
        }
        List<String> topics = lowercase(lines(loader, root + "/harmful-topics.txt", true));
        macros.put("topic", topicRegex(topics));
        List<String> topicAnchors = topicAnchors(topics);

        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> files = new ArrayList<>();
        for (AttackFamily family : AttackFamily.values()) {
            files.add(family.tag() + ".rules");
        }
        files.add("harmful-request.rules");
        for (String file : files) {
            List<String> lines = lines(loader, root + "/" + file, false);
            if (lines != null) {
                for (Rule rule : new RuleFileParser(root + "/" + file, macros, topicAnchors).parse(lines)) {
                    if (!ids.add(rule.id())) {
                        throw new IllegalArgumentException(file + ": duplicate rule id " + rule.id());
                    }
                    rules.add(rule);
                }
            }
        }
        rules.sort(Comparator.comparing((Rule rule) -> !rule.harmSignal())); // harm signals first, order kept
        if (rules.stream().noneMatch(Rule::harmSignal)) {
            throw new IllegalArgumentException(root + "/harmful-request.rules: no harmful-request rules");
        }
        Set<String> topicTerms = new HashSet<>();
        List<String> lexicon = new ArrayList<>();
        for (String topic : topics) {
            String term = topic.replace("*", "").replace(" ", "");
            topicTerms.add(term);
            lexicon.add(term);
        }
        for (String word : lowercase(lines(loader, root + "/trigger-words.txt", true))) {
            lexicon.add(word.replace(" ", ""));
        }
        lexicon.removeIf(term -> term.length() < MIN_LEXICON_TERM);
        lexicon.sort(Comparator.comparingInt(String::length).reversed());
        return new RuleSet(rules, lexicon.stream().distinct().toList(), topicTerms);
    }

    /** All rules: the harmful-request signals first, then the attack rules, each in file order. */
    List<Rule> rules() {
        return rules;
    }

    /**
     * The anchor automaton: indices {@code [0, R)} are the rules' anchors, then one index per context group of
     * each rule, then one per rot13 marker ({@link EncodedPayloads#ROT13_MARKERS}).
     */
    AnchorIndex automaton() {
        return automaton;
    }

    /** The number of distinct rot13 markers in a result of {@code automaton().scan(...)}. */
    int rot13Markers(AnchorIndex.Hits hits) {
        int count = 0;
        for (int i = 0; i < EncodedPayloads.ROT13_MARKERS.size(); i++) {
            count += hits.any(markerStart + i) ? 1 : 0;
        }
        return count;
    }

    /** True when each context group of rule {@code index} has a word in the text (per {@code hits}). */
    boolean contextMet(AnchorIndex.Hits hits, int index) {
        int groups = rules.get(index).context().size();
        for (int g = 0; g < groups; g++) {
            if (!hits.any(contextStart[index] + g)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first lexicon term (harmful topic or trigger word, spaces removed, longest first) contained in
     * {@code joined}, or null.
     */
    String lexiconTermIn(String joined) {
        for (String term : splitLexicon) {
            if (joined.contains(term)) {
                return term;
            }
        }
        return null;
    }

    /** True when {@code term} (from {@link #lexiconTermIn}) is a harmful topic rather than a trigger word. */
    boolean isTopic(String term) {
        return topicTerms.contains(term);
    }

    /** Replaces {@code {name}} macros; {@code {gapN}} is up to N words. */
    static String expand(String regex, Map<String, String> macros, String where) {
        Matcher m = MACRO.matcher(regex);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Matcher gap = GAP.matcher(name);
            String replacement;
            if (gap.matches()) {
                replacement = "(?:\\W+\\w+){0," + gap.group(1) + "}?\\W+";
            } else if (macros.containsKey(name)) {
                replacement = macros.get(name);
            } else {
                throw new IllegalArgumentException(where + ": unknown macro {" + name + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Compiles a pattern (DOTALL: gaps may cross line breaks) with a first-char guard when one can be derived,
     * naming the rule on a syntax error.
     */
    static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(FirstChars.guard(regex), Pattern.DOTALL);
        } catch (PatternSyntaxException bad) {
            throw new IllegalArgumentException(where + ": bad pattern: " + bad.getMessage(), bad);
        }
    }

    private static String topicRegex(List<String> topics) {
        List<String> sorted = new ArrayList<>(topics);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder regex = new StringBuilder("\\b(?:");
        for (int i = 0; i < sorted.size(); i++) {
            String topic = sorted.get(i);
            boolean prefix = topic.endsWith("*");
            String body = prefix ? topic.substring(0, topic.length() - 1) : topic;
            regex.append(i == 0 ? "" : "|");
            String[] words = body.split(" ");
            for (int w = 0; w < words.length; w++) {
                regex.append(w == 0 ? "" : "[ -]?").append(Pattern.quote(words[w]));
            }
            regex.append(prefix ? "\\w*" : "");
        }
        return regex.append(")\\b").toString();
    }

    /** Anchors for topics: multi-word topics also written with hyphens and run together. */
    private static List<String> topicAnchors(List<String> topics) {
        List<String> anchors = new ArrayList<>();
        for (String topic : topics) {
            anchors.add(topic);
            if (topic.contains(" ")) {
                anchors.add(topic.replace(' ', '-'));
                anchors.add(topic.replace(" ", ""));
            }
        }
        return anchors;
    }

    private static List<String> lowercase(List<String> lines) {
        return lines.stream().map(line -> line.toLowerCase(Locale.ROOT)).toList();
    }

    /** The non-blank, non-comment lines of a resource (trimmed), or null when optional and absent. */
    static List<String> lines(ClassLoader loader, String resource, boolean required) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                if (required) {
                    throw new IllegalArgumentException("missing rails resource " + resource);
                }
                return null;
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    lines.add(trimmed);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rails resource " + resource, e);
        }
    }
}
