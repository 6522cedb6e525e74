package dev.warden.guard.learned;

import com.ibm.icu.text.Normalizer2;

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
 * @param bits    log2 of the number of buckets (10..24)
 * @param minGram shortest character n-gram
 * @param maxGram longest character n-gram (at most 8)
 */
public record GuardFeatures(int bits, int minGram, int maxGram) {

    /** The hashing scheme, fold included; changes whenever either changes. */
    public static final String SCHEME = "guard-hash-v1/icu-nfkc-casefold";
    /** Group of words and word pairs. */
    public static final int WORDS = 0;
    /** Group of character n-grams. */
    public static final int CHARS = 1;
    /** Number of groups. */
    public static final int GROUPS = 2;

    private static final Normalizer2 FOLD = Normalizer2.getNFKCCasefoldInstance();
    private static final int FNV_PRIME = 0x01000193;
    private static final int WORD_SEED = 0x811c9dc5;
    private static final int CHAR_SEED = 0x2545F491;
    private static final int BIGRAM_SALT = 0x6A09E667;
    private static final int GOLDEN = 0x9E3779B9;
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

    /** Validates. */
    public GuardFeatures {
        if (bits < 10 || bits > 24 || minGram < 1 || maxGram < minGram || maxGram > 8) {
            throw new IllegalArgumentException("need 10 <= bits <= 24 and 1 <= minGram <= maxGram <= 8, got "
                    + bits + ", " + minGram + ".." + maxGram);
        }
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
        int length = fold(text, scratch);
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
        int most = (maxGram - minGram + 3) * length; // <= 2 per word char, <= maxGram - minGram + 1 per position
        if (o.values.length < most) {
            o.values = new int[most];
        }
        int[] out = o.values;
        // a hash f gives the occurrence f & keep: its bucket (low bits) and its sign (top bit)
        int keep = (buckets() - 1) | SwarRowSums.NEGATIVE;
        int n = blocks > 0 ? words(buf, length, keep, out, blockChars, o.wordBlocks, blocks)
                : words(buf, length, keep, out, Integer.MAX_VALUE, o.wordBlocks, 0);
        o.words = n;
        int block = 0;
        int nextBlock = 0;
        for (int start = 0; start + minGram <= length; start++) {
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
     * the capital letters; {@code GuardFeaturesTest} checks it against ICU for every ASCII character).
     */
    private static int fold(CharSequence text, char[][] scratch) {
        int n = text.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = text.charAt(i) < 0x80;
        }
        CharSequence folded = ascii ? text : FOLD.normalize(text);
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
            } else {
                buf[len++] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            }
        }
        if (buf[len - 1] != ' ') {
            buf[len++] = ' ';
        }
        return len;
    }

    /**
     * Writes the occurrences of every word and pair of adjacent words into {@code out}; returns their count. With
     * {@code blocks > 0}, {@code starts[b]} becomes the first occurrence of block b (a word and the pair it ends are
     * in the block of the word's first char), {@code starts[blocks]} the count.
     */
    private static int words(char[] buf, int length, int keep, int[] out, int blockChars, int[] starts, int blocks) {
        int n = 0;
        int previous = 0;
        boolean havePrevious = false;
        int i = 0;
        int block = 0;
        int nextBlock = 0;
        while (i < length) {
            if (!isWordChar(buf[i])) {
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
            previous = h;
            havePrevious = true;
        }
        while (block <= blocks && blocks > 0) {
            starts[block++] = n;
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
    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
