package dev.warden.gateway.rails;

import dev.warden.guard.text.Range;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A cheap, model-free score for the gibberish suffixes that optimisation attacks (GCG and kin) append to a
 * request: word salad with stray punctuation, odd case joins ("similarlyNow"), unusual letter pairs. The
 * last {@value #WINDOW} characters (the tail) are compared with the start of the text (the head, where the
 * request is): an attack is a tail much stranger than its head, so text that is strange throughout scores low.
 *
 * <p>Features of a window: symbol density (non-alphanumeric, non-space chars over non-space chars), rare
 * bigram rate (ASCII letter pairs uncommon in English, from {@code rails/rare-bigrams.txt}), case switches
 * inside tokens per token, and token-shape entropy (Shannon entropy of token shapes like "Xx", "x.x", "xXx",
 * over log2 of the token count), capitals and symbols inside tokens mid-sentence, letter share. Their
 * weighted sum goes through a logistic to a gibberish level in [0, 1]. Code, data or an error message before
 * the tail, or a URL, path or version inside it, damps the score (a stack trace or a regex is strange for a
 * reason). Thread-safe and stateless.
 */
public final class SuffixHeuristic {

    /** Characters in the tail window. */
    public static final int WINDOW = 60;
    /** Texts shorter than this (in chars) get score 0: too little head to compare with. */
    public static final int MIN_LENGTH = 80;
    /** Score at and above which the tail is reported as an adversarial suffix. */
    public static final double THRESHOLD = 0.5;

    /**
     * Code, data or error text before the tail explains a strange tail (a stack trace, a regex, a JSON value).
     * Only markers that optimisation suffixes rarely produce: a suffix longer than the window spills into the
     * text before the tail.
     */
    private static final Pattern TECHNICAL_HEAD = Pattern.compile("```|(?i:\\b(?:error|exception|traceback|stack ?trace"
            + "|regex|regexp|json|yaml|sql|stdout|stderr|undefined|nullptr|const|def|elif|printf|println)\\b)|\\(\\);|\\)\\s*\\{|;\\s*\\n|\\b(?:for|if|while)\\s*\\(|#include"
            + "|\\w\\.\\w+\\(|\\b[a-z_]\\w*\\([^()\\n]{0,40}\\)|\\d+:\\d+|\\$\\{|</?[a-z]+>|://|\\n {4}|^\\s*\\$ ");
    /** Tail text that is structured rather than salad: a URL, a path, an address, a version, control chars. */
    private static final Pattern TECHNICAL_TAIL = Pattern.compile(
            "://|www\\.|[\\w.+-]+@[\\w-]+\\.\\w|(?:^|\\s)(?:/[\\w.-]+){2,}|\\b\\w+/[\\w/.-]+\\.\\w{1,4}\\b"
                    + "|\\b[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z]{2,}\\b|\\b\\w+\\.(?:com|org|net|io|dev|chat|html?|py|js|ts|java|"
                    + "txt|md|json|ya?ml|xml|sh|cpp|tcl|rs|go|c|h)\\b|\\b\\d+\\.\\d+(?:\\.\\d+)*\\b|[\\x00-\\x08\\x0E-\\x1F]|(.)\\1{4,}");
    /** Symbols whose runs mark salad rather than prose. */
    private static final String ODD_SYMBOLS = "[]{}<>*\\|$%^~`=+#@&_/";
    /** Chars before the tail that may still belong to a long suffix: not used to spot technical text. */
    private static final int SPILL = 60;
    private static final double TECHNICAL_DAMPING = 0.3;
    private static final boolean[] RARE = rareBigrams();

    private SuffixHeuristic() {
    }

    /**
     * Features of one window of text.
     *
     * @param symbolDensity  non-alphanumeric non-space chars over non-space chars
     * @param rareBigramRate rare ASCII letter pairs over all letter pairs inside tokens
     * @param caseSwitchRate lower-to-upper, caps-to-lower ("DJstructor") and letter-digit switches inside tokens,
     *                       per token
     * @param shapeEntropy   entropy of token shapes over log2(tokens), in [0, 1]
     * @param letterShare    letters over non-space chars
     * @param capitalRate    tokens that start with a capital but do not follow a sentence end, per token
     * @param innerSymbolRate tokens with a symbol before a letter (not just trailing punctuation), per token
     * @param oddRunRate     runs of two or more symbols holding a bracket, brace, backslash, asterisk or the
     *                       like ("](", "**", "{\\"), per token; sentence punctuation and quotes do not count
     */
    public record Features(double symbolDensity, double rareBigramRate, double caseSwitchRate, double shapeEntropy,
                           double letterShare, double capitalRate, double innerSymbolRate, double oddRunRate) {

        /**
         * The gibberish level in [0, 1]: a logistic of the weighted features. Word salad (mostly letters, some
         * stray symbols, mixed shapes, capitals and case joins mid-sentence) scores high; prose scores low, and
         * so does symbol soup (regexes, formulas), which has few letters.
         */
        public double gibberish() {
            double z = -6.5 + 10.0 * Math.min(symbolDensity, 0.3) - 12.0 * Math.max(0, symbolDensity - 0.35)
                    + 8.0 * rareBigramRate + 5.0 * Math.min(caseSwitchRate, 0.4) + 3.0 * shapeEntropy
                    + 6.0 * Math.max(0, shapeEntropy - 0.55) + 4.0 * Math.min(capitalRate, 0.5)
                    + 3.0 * Math.min(innerSymbolRate, 0.5) + 4.0 * Math.min(oddRunRate, 0.4)
                    - 10.0 * Math.max(0, 0.65 - letterShare);
            return 1.0 / (1.0 + Math.exp(-z));
        }
    }

    /**
     * The adversarial-suffix score of {@code text} in [0, 1]: the tail's gibberish level, reduced by as much as
     * the head is gibberish too. 0 for texts shorter than {@value #MIN_LENGTH} chars.
     *
     * @throws IllegalArgumentException when {@code text} is null
     */
    public static double score(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text to score must not be null");
        }
        int from = firstNonSpace(text);
        int to = endNonSpace(text);
        if (to - from < MIN_LENGTH) {
            return 0;
        }
        int tailStart = tailStart(text, from, to);
        double tail = features(text.subSequence(tailStart, to)).gibberish();
        if (tail < 0.2) {
            return tail;
        }
        double head = features(text.subSequence(from, Math.min(tailStart, from + 2 * WINDOW))).gibberish();
        boolean technical = TECHNICAL_HEAD.matcher(text.subSequence(from, Math.max(from, tailStart - SPILL))).find()
                || TECHNICAL_TAIL.matcher(text.subSequence(tailStart, to)).find();
        return tail * Math.max(0, 1 - 1.5 * head) * (technical ? TECHNICAL_DAMPING : 1);
    }

    /**
     * The tail window that {@link #score(String)} rates, in code points of {@code text}: its last
     * {@value #WINDOW} non-space chars or so, starting at a token boundary.
     *
     * @throws IllegalArgumentException when {@code text} is null
     */
    public static Range tail(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        int from = firstNonSpace(text);
        int to = endNonSpace(text);
        int tailStart = to <= from ? from : tailStart(text, from, to);
        int start = text.codePointCount(0, tailStart);
        return new Range(start, start + text.codePointCount(tailStart, Math.max(tailStart, to)));
    }

    /** The features of a window. */
    public static Features features(CharSequence window) {
        int nonSpace = 0;
        int symbols = 0;
        int letters = 0;
        int pairs = 0;
        int rarePairs = 0;
        int switches = 0;
        int tokens = 0;
        int capitals = 0;
        int innerSymbols = 0;
        boolean sentenceEnd = true;
        boolean tokenSawSymbol = false;
        boolean tokenInner = false;
        boolean tokenCapital = false;
        char tokenFirst = ' ';
        int tokenLength = 0;
        int[] shapeCounts = new int[64];
        int shape = 0;
        int shapeLength = 0;
        int lastClass = -1;
        char previous = ' ';
        int upperRun = 0;
        int oddRuns = 0;
        int symbolRun = 0;
        boolean runOdd = false;
        for (int i = 0; i <= window.length(); i++) {
            char c = i < window.length() ? window.charAt(i) : ' ';
            boolean symbol = !Character.isWhitespace(c) && !Character.isLetterOrDigit(c);
            if (symbol) {
                symbolRun++;
                runOdd |= ODD_SYMBOLS.indexOf(c) >= 0;
            } else {
                oddRuns += symbolRun >= 2 && runOdd ? 1 : 0;
                symbolRun = 0;
                runOdd = false;
            }
            if (Character.isWhitespace(c)) {
                if (shapeLength > 0) {
                    tokens++;
                    shapeCounts[shape & 63]++;
                    innerSymbols += tokenInner ? 1 : 0;
                    capitals += tokenCapital && !(tokenLength == 1 && tokenFirst == 'I') ? 1 : 0;
                    sentenceEnd = previous == '.' || previous == '!' || previous == '?' || previous == ':';
                }
                tokenSawSymbol = false;
                tokenInner = false;
                tokenLength = 0;
                shape = 0;
                shapeLength = 0;
                lastClass = -1;
                previous = ' ';
                upperRun = 0;
                continue;
            }
            nonSpace++;
            int charClass = Character.isUpperCase(c) ? 1 : Character.isLetter(c) ? 2 : Character.isDigit(c) ? 3 : 0;
            if (tokenLength == 0) {
                tokenCapital = charClass == 1 && !sentenceEnd;
                tokenFirst = c;
            } else if (tokenLength == 1 && tokenFirst == 'I' && !Character.isLetter(c)) {
                tokenCapital = false; // "I'm", "I,"
            }
            boolean joiner = c == '\'' || c == '-';
            if (charClass == 0 && !joiner) {
                tokenSawSymbol = true;
            } else if (charClass != 0 && tokenSawSymbol) {
                tokenInner = true;
            }
            tokenLength++;
            if (charClass == 0) {
                symbols++;
            } else if (charClass != 3) {
                letters++;
            }
            if (isAsciiLetter(previous) && isAsciiLetter(c)) {
                pairs++;
                rarePairs += RARE[(Character.toLowerCase(previous) - 'a') * 26 + Character.toLowerCase(c) - 'a'] ? 1 : 0;
            }
            boolean capsThenLower = lastClass == 1 && charClass == 2 && upperRun >= 2
                    && (i + 1 < window.length() && Character.isLetter(window.charAt(i + 1))); // "DJstructor", not "IDs"
            if ((lastClass == 2 && charClass == 1) || (lastClass >= 1 && lastClass <= 2 && charClass == 3)
                    || (lastClass == 3 && (charClass == 1 || charClass == 2)) || capsThenLower) {
                switches++;
            }
            if (charClass != lastClass && shapeLength < 3) {
                shape = shape * 4 + charClass;
                shapeLength++;
            }
            upperRun = charClass == 1 ? upperRun + 1 : 0;
            lastClass = charClass;
            previous = c;
        }
        if (nonSpace == 0) {
            return new Features(0, 0, 0, 0, 0, 0, 0, 0);
        }
        double entropy = 0;
        for (int count : shapeCounts) {
            if (count > 0) {
                double p = (double) count / tokens;
                entropy -= p * Math.log(p);
            }
        }
        double normalised = tokens > 1 ? entropy / Math.log(tokens) : 0;
        return new Features((double) symbols / nonSpace, pairs == 0 ? 0 : (double) rarePairs / pairs,
                tokens == 0 ? 0 : (double) switches / tokens, normalised, (double) letters / nonSpace,
                tokens == 0 ? 0 : (double) capitals / tokens, tokens == 0 ? 0 : (double) innerSymbols / tokens,
                tokens == 0 ? 0 : (double) oddRuns / tokens);
    }

    /** Where the tail of {@code text[from, to)} starts: {@value #WINDOW} chars back, moved to a token start. */
    private static int tailStart(String text, int from, int to) {
        int start = Math.max(from, to - WINDOW);
        for (int back = start; back > from && back > start - 12; back--) {
            if (Character.isWhitespace(text.charAt(back - 1))) {
                return back;
            }
        }
        return start;
    }

    private static int firstNonSpace(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int endNonSpace(String text) {
        int i = text.length();
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean[] rareBigrams() {
        boolean[] rare = new boolean[26 * 26];
        try (InputStream in = SuffixHeuristic.class.getClassLoader().getResourceAsStream("rails/rare-bigrams.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource rails/rare-bigrams.txt");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                for (String pair : line.trim().split("\\s+")) {
                    if (pair.length() != 2 || !isAsciiLetter(pair.charAt(0)) || !isAsciiLetter(pair.charAt(1))) {
                        throw new IllegalStateException("rails/rare-bigrams.txt: not a letter pair: " + pair);
                    }
                    rare[(pair.charAt(0) - 'a') * 26 + pair.charAt(1) - 'a'] = true;
                }
            }
            return rare;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rails/rare-bigrams.txt", e);
        }
    }
}
