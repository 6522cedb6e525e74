package dev.warden.judge.rules;

import dev.warden.guard.text.PhraseMatcher;

/** Distance helpers over normalised text, where {@code '.'} between words marks a sentence boundary. */
final class Windows {

    private Windows() {
    }

    /** Whether normalised text {@code t[a, b)} holds a sentence boundary. */
    static boolean crossesSentence(String t, int a, int b) {
        for (int i = Math.max(0, a); i < b && i < t.length(); i++) {
            if (isBoundary(t, i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether char {@code i} is a sentence boundary: a '.' that is not a decimal mark between digits. */
    static boolean isBoundary(String t, int i) {
        return t.charAt(i) == '.' && !(i > 0 && i + 1 < t.length() && Character.isDigit(t.charAt(i - 1))
                && Character.isDigit(t.charAt(i + 1)));
    }

    /**
     * Number of words in {@code t[a, b)}, or {@link Integer#MAX_VALUE} when the range crosses a sentence
     * boundary or is longer than {@code maxChars}.
     */
    static int wordsBetween(String t, int a, int b, int maxChars) {
        if (b - a > maxChars) {
            return Integer.MAX_VALUE;
        }
        int words = 0;
        boolean inWord = false;
        for (int i = a; i < b; i++) {
            char c = t.charAt(i);
            if (isBoundary(t, i)) {
                return Integer.MAX_VALUE;
            }
            boolean w = PhraseMatcher.isWordChar(c);
            if (w && !inWord) {
                words++;
            }
            inWord = w;
        }
        return words;
    }

    /** Whether ranges [s1, e1) and [s2, e2) lie within {@code gap} chars of each other (or overlap). */
    static boolean near(int s1, int e1, int s2, int e2, int gap) {
        return s2 <= e1 + gap && s1 <= e2 + gap;
    }

    /** Logistic function. */
    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** Log-odds of p, p clamped to [1e-4, 1 - 1e-4]. */
    static double logit(double p) {
        double q = Math.min(1 - 1e-4, Math.max(1e-4, p));
        return Math.log(q / (1 - q));
    }
}
