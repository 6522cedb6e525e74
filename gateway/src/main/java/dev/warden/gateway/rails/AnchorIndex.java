package dev.warden.gateway.rails;

import dev.warden.guard.text.PhraseMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules' anchor phrases compiled into the guard's one automaton ({@link PhraseMatcher}): one pass over a
 * normalised text finds where each rule's anchors occur, so a request pays only for the regexes that can match,
 * tried only where they can. Anchors match at word boundaries (an edge that is punctuation needs none; a
 * trailing "*" makes an anchor a word prefix). Immutable, thread-safe.
 */
final class AnchorIndex {

    private final PhraseMatcher matcher;
    private final int[][] rulesOfPhrase;
    private final int ruleCount;

    /**
     * Builds the index.
     *
     * @param anchorsByRule for each rule index (or marker list), its anchors (lowercase; printable ASCII;
     *                      optional "*" suffix)
     * @throws IllegalArgumentException when an anchor is empty or uses a char outside printable ASCII
     */
    AnchorIndex(List<List<String>> anchorsByRule) {
        ruleCount = anchorsByRule.size();
        Map<String, List<Integer>> rulesByAnchor = new LinkedHashMap<>();
        for (int rule = 0; rule < anchorsByRule.size(); rule++) {
            for (String anchor : anchorsByRule.get(rule)) {
                rulesByAnchor.computeIfAbsent(anchor, a -> new ArrayList<>()).add(rule);
            }
        }
        PhraseMatcher.Builder builder = PhraseMatcher.builder().punctuatedEdges(true);
        rulesOfPhrase = new int[rulesByAnchor.size()][];
        for (Map.Entry<String, List<Integer>> entry : rulesByAnchor.entrySet()) {
            String anchor = entry.getKey();
            boolean prefix = anchor.endsWith("*");
            String body = prefix ? anchor.substring(0, anchor.length() - 1) : anchor;
            if (body.isEmpty()) {
                throw new IllegalArgumentException("empty anchor");
            }
            for (char c : body.toCharArray()) {
                if (c < 0x20 || c > 0x7E || c != Character.toLowerCase(c)) {
                    throw new IllegalArgumentException("anchor '" + anchor + "' must be lowercase printable ASCII");
                }
            }
            int id = builder.add(body, prefix);
            rulesOfPhrase[id] = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
        }
        matcher = builder.build();
    }

    /** The anchor hits in {@code text} (at word boundaries), in text order, one per (anchor, rule) pair. */
    Hits scan(String text) {
        Hits hits = new Hits(ruleCount);
        matcher.scan(text, (id, start, end) -> {
            for (int rule : rulesOfPhrase[id]) {
                hits.add(rule, start);
            }
        });
        return hits;
    }

    /** Where anchors of which rules start in a text. */
    static final class Hits {
        private final int[] count;
        private int[] rules = new int[16];
        private int[] starts = new int[16];
        private int size;

        Hits(int ruleCount) {
            count = new int[ruleCount];
        }

        void add(int rule, int start) {
            if (size == rules.length) {
                rules = Arrays.copyOf(rules, size * 2);
                starts = Arrays.copyOf(starts, size * 2);
            }
            rules[size] = rule;
            starts[size++] = start;
            count[rule]++;
        }

        /** True when an anchor of {@code rule} occurs. */
        boolean any(int rule) {
            return count[rule] > 0;
        }

        /** The start indices of {@code rule}'s anchor hits, in order of their ends. */
        int[] starts(int rule) {
            int[] found = new int[count[rule]];
            int n = 0;
            for (int i = 0; i < size && n < found.length; i++) {
                if (rules[i] == rule) {
                    found[n++] = starts[i];
                }
            }
            return found;
        }
    }

    /** The number of automaton states, for diagnostics. */
    int states() {
        return matcher.states();
    }

    @Override
    public String toString() {
        return "AnchorIndex[" + matcher.size() + " anchors, " + matcher.states() + " states]";
    }
}
