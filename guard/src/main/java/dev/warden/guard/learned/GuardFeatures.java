package dev.warden.guard.learned;

/**
 * Hashed bag-of-n-gram features of a prompt for the learned guard model.
 *
 * <h2>Folding</h2>
 * The text is folded with ICU's NFKC_Casefold (compatibility forms, full-width and styled letters, case,
 * and the default-ignorable code points such as zero-width characters and soft hyphens dropped), then
 * every run of whitespace becomes one space, with a space added at each end. The fold is part of the
 * hashing scheme ({@link #SCHEME}): weights are valid only for the scheme they were trained with.
 *
 * <h2>Features</h2>
 * {@link #WORDS}: every word (a maximal run of letters and digits) and every pair of adjacent words;
 * {@link #CHARS}: every character n-gram of the folded text, n from {@code minGram} to {@code maxGram}
 * (spaces and punctuation included). Each n-gram is hashed (FNV-1a over its characters, MurmurHash3's
 * finaliser on top, a different seed per kind and length); the low {@code bits} bits choose the bucket and
 * the top bit the sign. An occurrence counts +-1, and each group is divided by the square root of its
 * number of occurrences (by the model, see {@link GuardModel}). Thread-safe and allocation-light.
 *
 * <h2>Windows</h2>
 * For the models that also read a long text piece by piece ({@link GuardModel}, injection window), the folded
 * text is cut into blocks of {@code blockChars} chars; an occurrence belongs to the block of its position (a
 * character n-gram: its first char; a word: its first char; a word pair: its second word's first char), and
 * window k is blocks k and k + 1. {@link #forEachWindow} visits them for training, with the same blocks the
 * model scores.
 *
 * <h2>Sentence starts (optional, off by default)</h2>
 * A bag of n-grams does not see where a word sits: "suggest" opening a line of its own reads like "suggest" in the
 * middle of a sentence. With {@code sentenceStarts} at level 1 or more, the words group also holds a few
 * occurrences per sentence, hashed with their own salts (so they never share a hash with a word or word pair, only
 * buckets): a sentence begins at the start of the text, after a line break of the original text, and after a run
 * of non-word chars that holds {@code .}, {@code !} or {@code ?} and then a space ("3.5" and "ACH.The" do not split).
 * Level 1: the sentence's first word (an imperative opens with a verb, an email sentence with "i", "we", "thanks").
 * Level 2: also its first two words as a pair. Level 3: also the pair (previous sentence's first word, this
 * sentence's first word), the text's start standing for the previous one of the first sentence: a switch from an
 * email's "thanks" or "we" to an instruction's "suggest" or "ignore" (a mode switch). Each occurrence belongs to the
 * block of its sentence's first word (a level-2 pair: of its second word). At most three occurrences per sentence,
 * computed in the words' pass; with {@code sentenceWeight} W each of them is written W times (counting W in the
 * group's sum and its number of occurrences: a sentence start weighs W words, against the dilution of a few
 * sentences among hundreds of words). The level is part of the scheme ({@link #scheme()}): level 0 gives exactly the
 * features, and the scheme string, of the models trained before it existed.
 *
 * @param bits           log2 of the number of buckets (10..24)
 * @param minGram        shortest character n-gram
 * @param maxGram        longest character n-gram (at most 8)
 * @param sentenceStarts the sentence-start level, 0 (off) to {@value #MAX_SENTENCE_STARTS} (see "Sentence starts")
 * @param sentenceWeight times each sentence-start occurrence is written, 1 to {@value #MAX_SENTENCE_WEIGHT} (1 when
 *                       they are off)
 */
public record GuardFeatures(int bits, int minGram, int maxGram, int sentenceStarts, int sentenceWeight) {

    /** The hashing scheme, fold included; changes whenever either changes. The scheme of level-0 features. */
    public static final String SCHEME = "guard-hash-v1/icu-nfkc-casefold";
    /** The suffix of {@link #scheme()} with sentence starts on (followed by the level). */
    public static final String SENTENCE_SCHEME = "+sentence-starts-v1/";
    /** The highest sentence-start level. */
    public static final int MAX_SENTENCE_STARTS = 3;
    /** The highest sentence-start weight. */
    public static final int MAX_SENTENCE_WEIGHT = 8;
    /** Group of words and word pairs. */
    public static final int WORDS = 0;
    /** Group of character n-grams. */
    public static final int CHARS = 1;
    /** Number of groups. */
    public static final int GROUPS = 2;

    private static final int FNV_PRIME = 0x01000193;
    private static final int WORD_SEED = 0x811c9dc5;
    private static final int CHAR_SEED = 0x2545F491;
    private static final int BIGRAM_SALT = 0x6A09E667;
    private static final int GOLDEN = 0x9E3779B9;
    private static final int START_SALT = 0x3C6EF372;
    private static final int START_PAIR_SALT = 0xA54FF53A;
    private static final int SWITCH_SALT = 0x510E527F;
    /** The "previous sentence's first word" of a text's first sentence. */
    private static final int TEXT_START = 0x1F83D9AB;
    /** Per ASCII char: 1 for whitespace (as the fold defines it), 2 for a letter or digit; the JDK's answers. */
    private static final byte[] ASCII_CLASS = new byte[128];
    private static final byte SPACE = 1;
    private static final byte WORD = 2;

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_CLASS[c] = Character.isWhitespace(c) || Character.isSpaceChar(c) ? SPACE
                    : Character.isLetterOrDigit(c) ? WORD : 0;
        }
    }

    private static final ThreadLocal<Occurrences> OCCURRENCES = ThreadLocal.withInitial(Occurrences::new);
    private static final ThreadLocal<char[][]> SCRATCH = ThreadLocal.withInitial(() -> new char[][] {new char[4096]});
    /** Per thread: [0] the folded positions of the spaces that stand for a line break, [1][0] their count. */
    private static final ThreadLocal<int[][]> BREAKS = ThreadLocal.withInitial(() -> new int[][] {new int[256], {0}});

    /** Validates. */
    public GuardFeatures {
        if (bits < 10 || bits > 24 || minGram < 1 || maxGram < minGram || maxGram > 8) {
            throw new IllegalArgumentException("need 10 <= bits <= 24 and 1 <= minGram <= maxGram <= 8, got "
                    + bits + ", " + minGram + ".." + maxGram);
        }
        if (sentenceStarts < 0 || sentenceStarts > MAX_SENTENCE_STARTS) {
            throw new IllegalArgumentException("the sentence-start level is 0.." + MAX_SENTENCE_STARTS + ", got "
                    + sentenceStarts);
        }
        if (sentenceWeight < 1 || sentenceWeight > MAX_SENTENCE_WEIGHT || sentenceStarts == 0 && sentenceWeight != 1) {
            throw new IllegalArgumentException("the sentence-start weight is 1.." + MAX_SENTENCE_WEIGHT
                    + " (1 without sentence starts), got " + sentenceWeight);
        }
    }

    /** Features without sentence starts (level 0: the features of every model before the level existed). */
    public GuardFeatures(int bits, int minGram, int maxGram) {
        this(bits, minGram, maxGram, 0, 1);
    }

    /** Features with sentence starts of weight 1 (level 0: none). */
    public GuardFeatures(int bits, int minGram, int maxGram, int sentenceStarts) {
        this(bits, minGram, maxGram, sentenceStarts, 1);
    }

    /** The same features at another sentence-start level, weight 1. */
    public GuardFeatures withSentenceStarts(int level) {
        return new GuardFeatures(bits, minGram, maxGram, level, 1);
    }

    /** The same features at another sentence-start level and weight. */
    public GuardFeatures withSentenceStarts(int level, int weight) {
        return new GuardFeatures(bits, minGram, maxGram, level, weight);
    }

    /**
     * The hashing scheme of these features: {@link #SCHEME} at level 0, else {@link #SCHEME} + {@link
     * #SENTENCE_SCHEME} + the level, and {@code x} + the weight when it is not 1.
     */
    public String scheme() {
        return sentenceStarts == 0 ? SCHEME
                : SCHEME + SENTENCE_SCHEME + sentenceStarts + (sentenceWeight == 1 ? "" : "x" + sentenceWeight);
    }

    /** The number of buckets. */
    public int buckets() {
        return 1 << bits;
    }

    /** The folded text the features are taken from (for tests and diagnostics). */
    public static String fold(CharSequence text) {
        char[][] scratch = SCRATCH.get();
        int n = fold(text, scratch);
        return new String(scratch[0], 0, n);
    }

    /**
     * Visits every feature occurrence of {@code text}: words and word pairs first, then character n-grams.
     *
     * @throws NullPointerException if text is null
     */
    public void forEach(CharSequence text, FeatureSink sink) {
        Occurrences o = occurrences(text);
        for (int i = 0; i < o.size; i++) {
            int v = o.values[i];
            sink.accept(i < o.words ? WORDS : CHARS, v & ~SwarRowSums.NEGATIVE, v < 0);
        }
    }

    /** Receives the feature occurrences of each window of a text ({@link #forEachWindow}). */
    @FunctionalInterface
    public interface WindowSink {
        /**
         * One occurrence in window {@code window}; an occurrence is visited once per window it is in (two at most).
         *
         * @see FeatureSink#accept
         */
        void accept(int window, int group, int bucket, boolean negative);
    }

    /**
     * Visits the feature occurrences of every window of {@code text} (two adjacent blocks of {@code blockChars}
     * folded chars, see "Windows"), window by window; returns the number of windows, 0 when the text is no longer
     * than two blocks (the whole text is its only window).
     *
     * @throws IllegalArgumentException if blockChars is not positive
     */
    public int forEachWindow(CharSequence text, int blockChars, WindowSink sink) {
        if (blockChars < 1) {
            throw new IllegalArgumentException("blockChars must be positive, got " + blockChars);
        }
        Occurrences o = occurrences(text, blockChars);
        int windows = o.windows();
        for (int k = 0; k < windows; k++) {
            for (int i = o.wordBlocks[k]; i < o.wordBlocks[k + 2]; i++) {
                int v = o.values[i];
                sink.accept(k, WORDS, v & ~SwarRowSums.NEGATIVE, v < 0);
            }
            for (int i = o.charBlocks[k]; i < o.charBlocks[k + 2]; i++) {
                int v = o.values[i];
                sink.accept(k, CHARS, v & ~SwarRowSums.NEGATIVE, v < 0);
            }
        }
        return windows;
    }

    /** The feature occurrences of one text, in the order {@link #forEach} visits them. */
    static final class Occurrences {
        /** Each a {@link SwarRowSums} occurrence: the bucket, and the top bit for a negative sign. */
        int[] values = new int[8192];
        /** The words and word pairs are {@code values[0, words)}, the character n-grams {@code [words, size)}. */
        int words;
        int size;
        /** With blocks: the number of blocks of the folded text, else 0. */
        int blocks;
        /** With blocks: block b's words and word pairs are {@code values[wordBlocks[b], wordBlocks[b + 1])}. */
        int[] wordBlocks = new int[64];
        /** With blocks: block b's character n-grams are {@code values[charBlocks[b], charBlocks[b + 1])}. */
        int[] charBlocks = new int[64];
        /** Scratch of {@link GuardModel}'s window scoring: per block, the sums of the two groups. */
        int[] wordSums = new int[64];
        int[] charSums = new int[64];

        /** The number of windows (adjacent block pairs) when there are more than two blocks, else 0. */
        int windows() {
            return blocks > 2 ? blocks - 1 : 0;
        }
    }

    /**
     * The feature occurrences of {@code text} in this thread's buffer (valid until its next call), written with a
     * local count so that no store waits on the one before.
     */
    Occurrences occurrences(CharSequence text) {
        return occurrences(text, 0);
    }

    /**
     * As {@link #occurrences(CharSequence)}, recording the blocks of {@code blockChars} folded chars when it is
     * positive (see "Windows").
     */
    Occurrences occurrences(CharSequence text, int blockChars) {
        char[][] scratch = SCRATCH.get();
        int[][] breaks = sentenceStarts > 0 ? BREAKS.get() : null;
        int length = fold(text, scratch, breaks);
        char[] buf = scratch[0];
        Occurrences o = OCCURRENCES.get();
        int blocks = blockChars > 0 ? (length + blockChars - 1) / blockChars : 0;
        o.blocks = blocks;
        if (o.wordBlocks.length < blocks + 1) {
            o.wordBlocks = new int[blocks + 1];
            o.charBlocks = new int[blocks + 1];
            o.wordSums = new int[blocks + 1];
            o.charSums = new int[blocks + 1];
        }
        // <= 2 per word char (<= 2 + 2 x weight per word with sentence starts, and a word takes 2 chars with its
        // separator), <= maxGram - minGram + 1 per position
        int most = (maxGram - minGram + 2 + sentenceWeight) * length;
        if (o.values.length < most) {
            o.values = new int[most];
        }
        int[] out = o.values;
        // a hash f gives the occurrence f & keep: its bucket (low bits) and its sign (top bit)
        int keep = (buckets() - 1) | SwarRowSums.NEGATIVE;
        int n = blocks > 0 ? words(buf, length, keep, out, blockChars, o.wordBlocks, blocks, breaks)
                : words(buf, length, keep, out, Integer.MAX_VALUE, o.wordBlocks, 0, breaks);
        o.words = n;
        int block = 0;
        int nextBlock = 0;
        int start = 0;
        if (minGram == 3 && maxGram == 5) { // the shipped models' grams: straight-line code, same occurrences
            for (; start + 5 <= length; start++) {
                if (start == nextBlock && block < blocks) {
                    o.charBlocks[block++] = n;
                    nextBlock += blockChars;
                }
                int h = ((CHAR_SEED ^ buf[start]) * FNV_PRIME ^ buf[start + 1]) * FNV_PRIME;
                h = (h ^ buf[start + 2]) * FNV_PRIME;
                out[n] = fmix(h + 3 * GOLDEN) & keep;
                h = (h ^ buf[start + 3]) * FNV_PRIME;
                out[n + 1] = fmix(h + 4 * GOLDEN) & keep;
                h = (h ^ buf[start + 4]) * FNV_PRIME;
                out[n + 2] = fmix(h + 5 * GOLDEN) & keep;
                n += 3;
            }
        }
        for (; start + minGram <= length; start++) { // any grams, and the last few positions
            if (start == nextBlock && block < blocks) {
                o.charBlocks[block++] = n;
                nextBlock += blockChars;
            }
            int h = CHAR_SEED;
            int end = Math.min(length, start + maxGram);
            for (int k = start; k < end; k++) {
                h = (h ^ buf[k]) * FNV_PRIME;
                int g = k - start + 1;
                if (g >= minGram) {
                    out[n++] = fmix(h + g * GOLDEN) & keep;
                }
            }
        }
        while (block <= blocks && blocks > 0) {
            o.charBlocks[block++] = n;
        }
        o.size = n;
        return o;
    }

    /**
     * NFKC_Casefold, whitespace collapsed, a space at each end, into {@code scratch[0]}; returns the length.
     * An all-ASCII text takes a fast path with the same result (NFKC_Casefold changes no ASCII character but
     * the capital letters; {@code SwarRowSumsTest} checks it against ICU for every ASCII character); any other
     * text goes to ICU a non-ASCII stretch at a time ({@link Casefold}).
     */
    private static int fold(CharSequence text, char[][] scratch) {
        return fold(text, scratch, null);
    }

    /**
     * As {@link #fold(CharSequence, char[][])}; with {@code breaks} non-null, also records in it the folded
     * position of every space that stands for whitespace holding a line break ({@code \n}, {@code \r}, U+2028,
     * U+2029), in increasing order (see "Sentence starts").
     */
    private static int fold(CharSequence text, char[][] scratch, int[][] breaks) {
        if (breaks != null) {
            breaks[1][0] = 0;
        }
        int n = text.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = text.charAt(i) < 0x80;
        }
        CharSequence folded = ascii ? text : Casefold.of(text);
        n = folded.length();
        if (scratch[0].length < n + 2) {
            scratch[0] = new char[Math.max(n + 2, scratch[0].length * 2)];
        }
        char[] buf = scratch[0];
        int len = 0;
        buf[len++] = ' ';
        for (int i = 0; i < n; i++) {
            char c = folded.charAt(i);
            if (isSpace(c)) {
                if (buf[len - 1] != ' ') {
                    buf[len++] = ' ';
                }
                if (breaks != null && (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029')) {
                    lineBreak(breaks, len - 1);
                }
            } else {
                buf[len++] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            }
        }
        if (buf[len - 1] != ' ') {
            buf[len++] = ' ';
        }
        return len;
    }

    /** Records a line break at folded position {@code at} (once per position). */
    private static void lineBreak(int[][] breaks, int at) {
        int count = breaks[1][0];
        if (count > 0 && breaks[0][count - 1] == at) {
            return;
        }
        if (count == breaks[0].length) {
            breaks[0] = java.util.Arrays.copyOf(breaks[0], count * 2);
        }
        breaks[0][count] = at;
        breaks[1][0] = count + 1;
    }

    /**
     * Writes the occurrences of every word and pair of adjacent words into {@code out}; returns their count. With
     * {@code blocks > 0}, {@code starts[b]} becomes the first occurrence of block b (a word and the pair it ends are
     * in the block of the word's first char), {@code starts[blocks]} the count. With {@code breaks} non-null (the
     * fold's line breaks), also the sentence starts of this object's level (see "Sentence starts").
     */
    private int words(char[] buf, int length, int keep, int[] out, int blockChars, int[] starts, int blocks,
                      int[][] breaks) {
        int n = 0;
        int previous = 0;
        boolean havePrevious = false;
        int i = 0;
        int block = 0;
        int nextBlock = 0;
        int level = breaks == null ? 0 : sentenceStarts;
        int[] breakAt = level > 0 ? breaks[0] : null;
        int breakCount = level > 0 ? breaks[1][0] : 0;
        int nextBreak = 0;
        boolean stop = false; // a '.', '!' or '?' since the last word
        boolean boundary = true; // the next word opens a sentence (the text's first word does)
        int wordOfSentence = 0; // the words of the current sentence seen so far
        int sentenceFirst = 0; // the hash of the current sentence's first word
        int previousFirst = TEXT_START;
        while (i < length) {
            if (!isWordChar(buf[i])) {
                if (level > 0) {
                    char c = buf[i];
                    if (c == '.' || c == '!' || c == '?') {
                        stop = true;
                    } else if (c == ' ') {
                        while (nextBreak < breakCount && breakAt[nextBreak] < i) {
                            nextBreak++;
                        }
                        if (stop || nextBreak < breakCount && breakAt[nextBreak] == i) {
                            boundary = true;
                        }
                    }
                }
                i++;
                continue;
            }
            while (block < blocks && i >= nextBlock) {
                starts[block++] = n;
                nextBlock += blockChars;
            }
            int h = WORD_SEED;
            while (i < length && isWordChar(buf[i])) {
                h = (h ^ buf[i]) * FNV_PRIME;
                i++;
            }
            out[n++] = fmix(h) & keep;
            if (havePrevious) {
                out[n++] = fmix(previous * GOLDEN + h + BIGRAM_SALT) & keep;
            }
            if (level > 0) {
                if (boundary) {
                    n = repeat(out, n, fmix(h + START_SALT) & keep);
                    if (level >= 3) {
                        n = repeat(out, n, fmix(previousFirst * GOLDEN + h + SWITCH_SALT) & keep);
                    }
                    previousFirst = sentenceFirst = h;
                    wordOfSentence = 1;
                } else if (++wordOfSentence == 2 && level >= 2) {
                    n = repeat(out, n, fmix(sentenceFirst * GOLDEN + h + START_PAIR_SALT) & keep);
                }
                boundary = false;
                stop = false;
            }
            previous = h;
            havePrevious = true;
        }
        while (block <= blocks && blocks > 0) {
            starts[block++] = n;
        }
        return n;
    }

    /** Writes {@code value} {@code sentenceWeight} times at {@code out[n]}; returns the new count. */
    private int repeat(int[] out, int n, int value) {
        for (int k = 0; k < sentenceWeight; k++) {
            out[n++] = value;
        }
        return n;
    }

    /** {@link Character#isWhitespace} or {@link Character#isSpaceChar}, from a table for ASCII. */
    private static boolean isSpace(char c) {
        return c < 128 ? ASCII_CLASS[c] == SPACE : Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** {@link Character#isLetterOrDigit(char)}, from a table for ASCII. */
    private static boolean isWordChar(char c) {
        return c < 128 ? ASCII_CLASS[c] == WORD : Character.isLetterOrDigit(c);
    }

    /** MurmurHash3's 32-bit finaliser. */
    static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
