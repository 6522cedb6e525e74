package dev.warden.guard.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Finds whole-word occurrences of many phrases in one pass: an Aho-Corasick automaton compiled into a dense
 * transition table over the alphabet of the phrases plus one symbol for every other char (whose transitions
 * all lead back to the root, so that the scan needs no test for it).
 * Phrases are matched as given, so they should be normalised like the text ({@link TextNormalizer}).
 *
 * <p>A match must start at a word boundary (text start or a char that is not a letter or digit before it)
 * and end at one (a phrase that starts or ends with punctuation, allowed by {@link Builder#punctuatedEdges}, needs
 * no boundary on that side: {@code "1."} matches in {@code "step 1.x"}); a <em>word-prefix</em> phrase ({@code hack*} in a lexicon) may end inside a word, and its
 * match is then extended to the end of that word. A plural-tolerant matcher ({@link Builder#pluralTolerant})
 * also accepts "s" or "es" after a phrase ending in a letter.
 *
 * <p>Immutable and thread-safe once built; a scan allocates nothing.
 */
public final class PhraseMatcher {

    /** Receives the matches of a scan, in order of their end. */
    @FunctionalInterface
    public interface Sink {
        /**
         * One match.
         *
         * @param phraseId the id {@link Builder#add} returned for the phrase
         * @param start    start index in the scanned text, inclusive
         * @param end      end index, exclusive (extended to the word end for a word-prefix phrase)
         */
        void match(int phraseId, int start, int end);
    }

    private final String[] phrases;
    private final boolean[] prefix;
    /** Whether the phrase's first (last) char is a letter or digit, so that its match needs a boundary there. */
    private final boolean[] wordStart;
    private final boolean[] wordEnd;
    private final boolean pluralS;
    private final int[] lengths;
    /** The symbol of each ASCII char; {@link #other} for a char no phrase holds. */
    private final char[] asciiSymbol;
    private final char[] otherChars;
    private final int[] otherSymbols;
    /** The symbol of every char no phrase holds: the last one. */
    private final int other;
    private final int alphabet;
    /**
     * Transitions: {@code delta[row + symbol]} is the next state's row ({@code state * alphabet}), negated
     * ({@code ~row}) when that state reports matches. Rows instead of state numbers keep the multiply out of the
     * scan's dependency chain.
     */
    private final int[] delta;
    private final int[] outStart;
    private final int[] outIds;
    private final int states;

    private PhraseMatcher(Builder b) {
        int n = b.phrases.size();
        pluralS = b.pluralS;
        phrases = b.phrases.toArray(new String[0]);
        prefix = new boolean[n];
        wordStart = new boolean[n];
        wordEnd = new boolean[n];
        lengths = new int[n];
        for (int i = 0; i < n; i++) {
            prefix[i] = b.prefix.get(i);
            lengths[i] = phrases[i].length();
            wordStart[i] = isWordChar(phrases[i].charAt(0));
            wordEnd[i] = isWordChar(phrases[i].charAt(lengths[i] - 1));
        }
        TreeSet<Character> chars = new TreeSet<>();
        for (String p : phrases) {
            for (int i = 0; i < p.length(); i++) {
                chars.add(p.charAt(i));
            }
        }
        other = chars.size();
        alphabet = other + 1;
        asciiSymbol = new char[128];
        Arrays.fill(asciiSymbol, (char) other);
        List<Character> others = new ArrayList<>();
        int sym = 0;
        int[] otherSym = new int[chars.size()];
        char[] charOfSymbol = new char[chars.size()];
        for (char c : chars) {
            charOfSymbol[sym] = c;
            if (c < 128) {
                asciiSymbol[c] = (char) sym;
            } else {
                otherSym[others.size()] = sym;
                others.add(c);
            }
            sym++;
        }
        otherChars = new char[others.size()];
        for (int i = 0; i < otherChars.length; i++) {
            otherChars[i] = others.get(i);
        }
        otherSymbols = Arrays.copyOf(otherSym, others.size());

        int[][] trie = buildTrie();
        int[] trieDelta = trie[0];
        int used = trie[1][0];
        int[] terminal = trie[2];
        states = used;
        // complete the transitions along failure links, breadth first; collect outputs and the BFS order
        int[] fail = new int[used];
        // per trie state: its parent and the char on the edge from it (the state's path, read backwards)
        int[] parent = new int[used];
        char[] edgeChar = new char[used];
        List<int[]> outputs = new ArrayList<>(Collections.nCopies(used, (int[]) null));
        List<List<Integer>> own = ownOutputs(used, terminal);
        outputs.set(0, new int[0]);
        int[] order = new int[used];
        int ordered = 1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int x = 0; x < alphabet; x++) {
            int t = trieDelta[x];
            if (t < 0) {
                trieDelta[x] = 0;
            } else {
                edgeChar[t] = charOfSymbol[x];
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            order[ordered++] = s;
            int[] inherited = outputs.get(fail[s]);
            int[] mine = own.get(s).stream().mapToInt(Integer::intValue).toArray();
            int[] merged = Arrays.copyOf(mine, mine.length + inherited.length);
            System.arraycopy(inherited, 0, merged, mine.length, inherited.length);
            outputs.set(s, merged);
            for (int x = 0; x < alphabet; x++) {
                int t = trieDelta[s * alphabet + x];
                if (t < 0) {
                    trieDelta[s * alphabet + x] = trieDelta[fail[s] * alphabet + x];
                } else {
                    fail[t] = trieDelta[fail[s] * alphabet + x];
                    parent[t] = s;
                    edgeChar[t] = charOfSymbol[x];
                    queue.add(t);
                }
            }
        }
        // what each state reports: its outputs that can match there (see possibleAt)
        List<int[]> reported = new ArrayList<>(used);
        for (int s = 0; s < used; s++) {
            int state = s;
            reported.add(Arrays.stream(outputs.get(s)).filter(id -> possibleAt(state, id, parent, edgeChar)).toArray());
        }
        // renumber states in BFS order, so that the shallow states a scan mostly visits share cache lines
        int[] newId = new int[used];
        for (int k = 0; k < used; k++) {
            newId[order[k]] = k;
        }
        delta = new int[used * alphabet];
        outStart = new int[used + 1];
        int total = 0;
        for (int k = 0; k < used; k++) {
            int old = order[k];
            for (int x = 0; x < alphabet; x++) {
                int t = trieDelta[old * alphabet + x];
                int row = newId[t] * alphabet;
                delta[k * alphabet + x] = reported.get(t).length > 0 ? ~row : row;
            }
            outStart[k] = total;
            total += reported.get(old).length;
        }
        outStart[used] = total;
        outIds = new int[total];
        for (int k = 0; k < used; k++) {
            int[] o = reported.get(order[k]);
            System.arraycopy(o, 0, outIds, outStart[k], o.length);
        }
    }

    /**
     * Whether phrase {@code id}, an output of {@code state}, can ever be reported there. A state is reached with
     * its whole trie path as the last chars of the text (each char of a phrase has a symbol of its own), so when
     * the phrase is shorter than the path, the char before its match is known already: a path char. If that is a
     * letter or digit and the phrase must start at a word boundary, {@link #report} would reject the match every
     * time ("kill" at the end of "skill"): leaving it out of the state's outputs changes no scan, and spares the
     * scan a call of {@code report} at each such state.
     */
    private boolean possibleAt(int state, int id, int[] parent, char[] edgeChar) {
        if (!wordStart[id]) {
            return true;
        }
        int before = state; // climbs to the state whose edge char is the one before the match
        for (int k = 0; k < lengths[id] && before != 0; k++) {
            before = parent[before];
        }
        return before == 0 || !isWordChar(edgeChar[before]);
    }

    /** The trie of the phrases as a dense table (-1: no child), {number of states}, and each phrase's state. */
    private int[][] buildTrie() {
        long maxStates = 1;
        for (String p : phrases) {
            maxStates += p.length();
        }
        if (maxStates * alphabet > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("phrases may need " + maxStates + " automaton states over " + alphabet
                    + " symbols, too many for one matcher: split them over several matchers");
        }
        int[] trie = new int[(int) maxStates * alphabet];
        Arrays.fill(trie, -1);
        int used = 1;
        int[] terminal = new int[phrases.length];
        for (int id = 0; id < phrases.length; id++) {
            String p = phrases[id];
            int s = 0;
            for (int i = 0; i < p.length(); i++) {
                int x = symbol(p.charAt(i));
                int next = trie[s * alphabet + x];
                if (next < 0) {
                    next = used++;
                    trie[s * alphabet + x] = next;
                }
                s = next;
            }
            terminal[id] = s;
        }
        return new int[][] {Arrays.copyOf(trie, used * alphabet), {used}, terminal};
    }

    /** The phrases ending in each trie state. */
    private List<List<Integer>> ownOutputs(int used, int[] terminal) {
        List<List<Integer>> own = new ArrayList<>(used);
        for (int i = 0; i < used; i++) {
            own.add(new ArrayList<>(0));
        }
        for (int id = 0; id < phrases.length; id++) {
            own.get(terminal[id]).add(id);
        }
        return own;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    private int symbol(char c) {
        if (c < 128) {
            return asciiSymbol[c];
        }
        int i = Arrays.binarySearch(otherChars, c);
        return i >= 0 ? otherSymbols[i] : other;
    }

    /** Number of phrases. */
    public int size() {
        return phrases.length;
    }

    /** Number of automaton states (for diagnostics). */
    public int states() {
        return states;
    }

    /** The phrase with this id. */
    public String phrase(int id) {
        return phrases[id];
    }

    /** Whether the phrase with this id is a word prefix. */
    public boolean isPrefix(int id) {
        return prefix[id];
    }

    /** Scans the whole text. */
    public void scan(CharSequence text, Sink sink) {
        scan(text, 0, text.length(), sink);
    }

    /**
     * Scans {@code text[from, to)}; word boundaries are checked against the whole text.
     *
     * @throws IndexOutOfBoundsException when the range is not inside the text
     */
    public void scan(CharSequence text, int from, int to, Sink sink) {
        char[] chars = new char[text.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = text.charAt(i);
        }
        scan(chars, from, to, sink);
    }

    /** Scans a whole normalised text without copying it. */
    public void scan(NormalizedText text, Sink sink) {
        scan(text.chars(), 0, text.length(), sink);
    }

    /**
     * Scans {@code text[from, to)} of a normalised text without copying it.
     *
     * @throws IndexOutOfBoundsException when the range is not inside the text
     */
    public void scan(NormalizedText text, int from, int to, Sink sink) {
        scan(text.chars(), from, to, sink);
    }

    private void scan(char[] text, int from, int to, Sink sink) {
        Objects.checkFromToIndex(from, to, text.length);
        char[] ascii = asciiSymbol;
        int[] d = delta;
        int row = 0;
        for (int i = from; i < to; i++) {
            char c = text[i];
            int next = d[row + (c < 128 ? ascii[c] : symbol(c))];
            if (next >= 0) {
                row = next;
            } else {
                row = ~next;
                report(text, i, row / alphabet, sink);
            }
        }
    }

    /** Reports the phrases ending at {@code i} in {@code state} that sit on word boundaries. */
    private void report(char[] text, int i, int state, Sink sink) {
        int n = text.length;
        char last = text[i];
        for (int o = outStart[state], oe = outStart[state + 1]; o < oe; o++) {
            int id = outIds[o];
            int start = i + 1 - lengths[id];
            if (start > 0 && wordStart[id] && isWordChar(text[start - 1])) {
                continue;
            }
            int end = i + 1;
            if (prefix[id]) {
                while (end < n && isWordChar(text[end])) {
                    end++;
                }
            } else if (wordEnd[id] && end < n && isWordChar(text[end])) {
                end = pluralS ? pluralEnd(text, end, last) : -1;
                if (end < 0) {
                    continue;
                }
            }
            sink.match(id, start, end);
        }
    }

    /**
     * With plural tolerance: the end of "s" or "es" right after a phrase ending in a letter, when a word
     * boundary follows; else -1.
     */
    private static int pluralEnd(char[] text, int end, char last) {
        if (last < 'a' || last > 'z') {
            return -1;
        }
        int n = text.length;
        int e = end;
        if (text[e] == 'e' && e + 1 < n && text[e + 1] == 's') {
            e += 2;
        } else if (text[e] == 's') {
            e += 1;
        } else {
            return -1;
        }
        return e == n || !isWordChar(text[e]) ? e : -1;
    }

    /** Letters and digits form words; everything else separates them. */
    public static boolean isWordChar(char c) {
        return Chars.alnum(c);
    }

    /** Collects phrases; ids are given in order of addition, from 0. */
    public static final class Builder {
        private final List<String> phrases = new ArrayList<>();
        private final List<Boolean> prefix = new ArrayList<>();
        private boolean pluralS;
        private boolean punctuated;

        private Builder() {
        }

        /**
         * Lets phrases start or end with punctuation ({@code "1."}, {@code "<|im_start|>"}); such an edge needs no
         * word boundary. Off by default: a phrase must then start and end with a letter or digit.
         */
        public Builder punctuatedEdges(boolean on) {
            punctuated = on;
            return this;
        }

        /**
         * Lets every phrase that ends in a letter also match with "s" or "es" appended ("bomb" matches "bombs",
         * "my neighbor" matches "my neighbors"); off by default.
         */
        public Builder pluralTolerant(boolean on) {
            pluralS = on;
            return this;
        }

        /**
         * Adds a phrase.
         *
         * @param phrase     the phrase, non-empty, as it appears in normalised text
         * @param wordPrefix whether it may end inside a word
         * @return the phrase's id
         * @throws IllegalArgumentException when the phrase is empty or, without {@link #punctuatedEdges}, starts or
         *                                  ends with a non-word char
         */
        public int add(String phrase, boolean wordPrefix) {
            Objects.requireNonNull(phrase, "phrase");
            boolean edgesOk = punctuated || !phrase.isEmpty() && isWordChar(phrase.charAt(0))
                    && isWordChar(phrase.charAt(phrase.length() - 1));
            if (phrase.isEmpty() || !edgesOk) {
                throw new IllegalArgumentException("a phrase must be non-empty and start and end with a letter or"
                        + " digit: '" + phrase + "'");
            }
            phrases.add(phrase);
            prefix.add(wordPrefix);
            return phrases.size() - 1;
        }

        /** Compiles the automaton. */
        public PhraseMatcher build() {
            return new PhraseMatcher(this);
        }
    }
}
