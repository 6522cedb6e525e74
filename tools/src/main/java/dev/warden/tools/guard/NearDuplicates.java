package dev.warden.tools.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Clusters near-copies among texts: two texts are linked when the word 8-grams they share make up at least
 * {@value #CONTAINMENT} of either text's 8-grams (words = runs of letters and digits, lowercased), and
 * clusters are the connected components of the links. An 8-gram shared by more than {@value #MAX_POSTINGS}
 * texts (boilerplate) is not counted, which keeps the work near-linear.
 */
public final class NearDuplicates {

    /** The containment at which two texts are near-copies (the corpus's de-duplication rule). */
    public static final double CONTAINMENT = 0.3;
    static final int N = 8;
    static final int MAX_POSTINGS = 64;

    private NearDuplicates() {
    }

    /** For each text the index of its cluster's representative (the smallest index in the cluster). */
    public static int[] clusters(List<String> texts) {
        return clusters(texts, CONTAINMENT);
    }

    /**
     * As {@link #clusters(List)}, two texts linked when their shared 8-grams make up at least {@code containment} of
     * either text's 8-grams.
     */
    public static int[] clusters(List<String> texts, double containment) {
        int n = texts.size();
        List<long[]> shingles = new ArrayList<>(n);
        Map<Long, List<Integer>> postings = new HashMap<>();
        for (int i = 0; i < n; i++) {
            long[] s = shingles(texts.get(i));
            shingles.add(s);
            for (long h : s) {
                postings.computeIfAbsent(h, k -> new ArrayList<>(2)).add(i);
            }
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            Map<Integer, Integer> shared = new HashMap<>();
            for (long h : shingles.get(i)) {
                List<Integer> p = postings.get(h);
                if (p.size() > MAX_POSTINGS) {
                    continue;
                }
                for (int j : p) {
                    if (j > i) {
                        shared.merge(j, 1, Integer::sum);
                    }
                }
            }
            for (Map.Entry<Integer, Integer> e : shared.entrySet()) {
                int j = e.getKey();
                int smaller = Math.min(shingles.get(i).length, shingles.get(j).length);
                if (e.getValue() >= containment * smaller) {
                    union(parent, i, j);
                }
            }
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = find(parent, i);
        }
        return out;
    }

    /** The distinct word 8-gram hashes of a text (none for a text under 8 words). */
    static long[] shingles(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        java.util.TreeSet<Long> out = new java.util.TreeSet<>();
        for (int i = 0; i + N <= words.size(); i++) {
            long h = 1125899906842597L;
            for (int k = i; k < i + N; k++) {
                h = 31 * h + words.get(k).hashCode();
                h ^= h >>> 29;
            }
            out.add(h);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
