package dev.warden.gateway.rails;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Aho-Corasick automaton over the rules' anchor phrases: one pass over a normalised text finds where each
 * rule's anchors occur, so a request pays only for the regexes that can match, tried only where they can. The alphabet is the set of
 * chars used by anchors (any other char leads back to the root); transitions are a dense table. Anchors
 * match at word boundaries (a trailing "*" makes an anchor a word prefix). Immutable, thread-safe.
 */
final class AnchorAutomaton {

    private final char[] symbolOf = new char[128];
    private final int symbols;
    private final int[] next;
    private final int[][] outputs;
    private final int[] anchorLength;
    private final boolean[] anchorPrefix;
    private final int[][] anchorRules;
    private final int ruleCount;

    /**
     * Builds the automaton.
     *
     * @param anchorsByRule for each rule index (or marker list), its anchors (lowercase; printable ASCII;
     *                      optional "*" suffix)
     * @throws IllegalArgumentException when an anchor is empty or uses a char outside printable ASCII
     */
    AnchorAutomaton(List<List<String>> anchorsByRule) {
        ruleCount = anchorsByRule.size();
        Map<String, List<Integer>> rulesByAnchor = new LinkedHashMap<>();
        for (int rule = 0; rule < anchorsByRule.size(); rule++) {
            for (String anchor : anchorsByRule.get(rule)) {
                rulesByAnchor.computeIfAbsent(anchor, a -> new ArrayList<>()).add(rule);
            }
        }
        int symbolCount = 1; // 0: any char no anchor uses
        for (String anchor : rulesByAnchor.keySet()) {
            String body = body(anchor);
            if (body.isEmpty()) {
                throw new IllegalArgumentException("empty anchor");
            }
            for (char c : body.toCharArray()) {
                if (c < 0x20 || c > 0x7E || c != Character.toLowerCase(c)) {
                    throw new IllegalArgumentException("anchor '" + anchor + "' must be lowercase printable ASCII");
                }
                if (symbolOf[c] == 0) {
                    symbolOf[c] = (char) symbolCount++;
                }
            }
        }
        symbols = symbolCount;
        int anchorCount = rulesByAnchor.size();
        anchorLength = new int[anchorCount];
        anchorPrefix = new boolean[anchorCount];
        anchorRules = new int[anchorCount][];

        List<int[]> trie = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        trie.add(new int[symbols]);
        ends.add(new ArrayList<>());
        int anchorId = 0;
        for (Map.Entry<String, List<Integer>> entry : rulesByAnchor.entrySet()) {
            String body = body(entry.getKey());
            int state = 0;
            for (char c : body.toCharArray()) {
                int symbol = symbolOf[c];
                if (trie.get(state)[symbol] == 0) {
                    trie.get(state)[symbol] = trie.size();
                    trie.add(new int[symbols]);
                    ends.add(new ArrayList<>());
                }
                state = trie.get(state)[symbol];
            }
            ends.get(state).add(anchorId);
            anchorLength[anchorId] = body.length();
            anchorPrefix[anchorId] = entry.getKey().endsWith("*");
            anchorRules[anchorId] = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
            anchorId++;
        }
        next = new int[trie.size() * symbols];
        outputs = new int[trie.size()][];
        link(trie, ends);
    }

    /** Breadth-first failure links, folded into a full transition table and merged outputs. */
    private void link(List<int[]> trie, List<List<Integer>> ends) {
        int[] fail = new int[trie.size()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int symbol = 0; symbol < symbols; symbol++) {
            int child = symbol == 0 ? 0 : trie.get(0)[symbol];
            next[symbol] = child;
            if (child != 0) {
                queue.add(child);
            }
        }
        outputs[0] = toArray(ends.get(0));
        while (!queue.isEmpty()) {
            int state = queue.poll();
            List<Integer> merged = new ArrayList<>(ends.get(state));
            if (outputs[fail[state]] != null) {
                for (int anchor : outputs[fail[state]]) {
                    merged.add(anchor);
                }
            }
            outputs[state] = toArray(merged);
            for (int symbol = 0; symbol < symbols; symbol++) {
                int child = symbol == 0 ? 0 : trie.get(state)[symbol];
                if (child != 0) {
                    fail[child] = next[fail[state] * symbols + symbol];
                    next[state * symbols + symbol] = child;
                    queue.add(child);
                } else {
                    next[state * symbols + symbol] = next[fail[state] * symbols + symbol];
                }
            }
        }
    }

    /**
     * The anchor hits in {@code text} (at word boundaries), in text order, one per (anchor, rule) pair.
     */
    Hits scan(String text) {
        Hits hits = new Hits(ruleCount);
        int state = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            state = next[state * symbols + (c < 128 ? symbolOf[c] : 0)];
            int[] found = outputs[state];
            if (found == null) {
                continue;
            }
            for (int anchor : found) {
                int start = i - anchorLength[anchor] + 1;
                boolean startOk = start == 0 || !wordChar(text.charAt(start)) || !wordChar(text.charAt(start - 1));
                boolean endOk = anchorPrefix[anchor] || i + 1 == length || !wordChar(text.charAt(i))
                        || !wordChar(text.charAt(i + 1));
                if (startOk && endOk) {
                    for (int rule : anchorRules[anchor]) {
                        hits.add(rule, start);
                    }
                }
            }
        }
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

    /** The number of states, for diagnostics. */
    int states() {
        return outputs.length;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c);
    }

    private static String body(String anchor) {
        return anchor.endsWith("*") ? anchor.substring(0, anchor.length() - 1) : anchor;
    }

    private static int[] toArray(List<Integer> values) {
        return values.isEmpty() ? null : values.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return "AnchorAutomaton[" + outputs.length + " states, " + symbols + " symbols, "
                + Arrays.stream(anchorRules).mapToInt(r -> r.length).sum() + " anchor-rule links]";
    }
}
