package dev.warden.judge.classifier;

import dev.warden.guard.text.NormalizedText;
import dev.warden.guard.text.TextNormalizer;

/**
 * Hashed bag-of-n-gram features of a text, computed without building strings.
 *
 * <h2>Normalisation</h2>
 * Every text first goes through the judge's {@link TextNormalizer#standard()} (the rules tier's normaliser:
 * NFKC, invisible characters dropped, confusables and leetspeak folded, spaced-out letters joined,
 * punctuation runs collapsed, base64 / hex / percent payloads decoded and appended), so that training and
 * scoring see the same folded text and a disguise does not change the features. The hasher then lowercases
 * ({@link Character#toLowerCase(char)}, locale-free, per UTF-16 unit) and collapses every run of whitespace
 * into one space, with one space added at each end.
 *
 * <h2>Features</h2>
 * <ul>
 *   <li>{@link #WORDS}: words are maximal runs of letters and digits, apostrophes inside a word dropped
 *       ("can't" is "cant"); every word, and every pair of adjacent words when bigrams are on.</li>
 *   <li>{@link #CHARS}: every character n-gram of the normalised text, n from min to max (spaces and
 *       punctuation included, so word boundaries and "[REDACTED]"-style marks count).</li>
 * </ul>
 * Each n-gram is hashed (FNV-1a over its characters, MurmurHash3's finaliser on top, a different seed per
 * kind and length); the low {@code bits} bits choose the bucket and the top bit the sign (signed hashing:
 * collisions cancel on average instead of adding up).
 *
 * <p>Values: an occurrence counts +-1 and a group's counts are divided by the square root of the group's
 * number of occurrences ({@link SparseVector#of}), so both groups weigh about the same for short and long
 * texts. Thread-safe; per call it allocates the normalised text and, the first time a thread sees a text
 * longer than any before, a larger scratch buffer.
 */
public final class FeatureHasher {

    /** Feature group of words and word pairs. */
    public static final int WORDS = 0;
    /** Feature group of character n-grams. */
    public static final int CHARS = 1;
    /** Number of feature groups. */
    public static final int GROUPS = 2;

    private static final int FNV_PRIME = 0x01000193;
    private static final int WORD_SEED = 0x811c9dc5;
    private static final int CHAR_SEED = 0x2545F491;
    private static final int BIGRAM_SALT = 0x6A09E667;
    private static final int GOLDEN = 0x9E3779B9;

    /** The per-thread normalised text. */
    private static final class Scratch {
        char[] chars = new char[4096];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final FeatureSettings settings;
    private final int mask;
    private final int minGram;
    private final int maxGram;
    private final boolean bigrams;

    /** A hasher with these settings. */
    public FeatureHasher(FeatureSettings settings) {
        this.settings = settings;
        this.mask = settings.buckets() - 1;
        this.minGram = settings.minCharGram();
        this.maxGram = settings.maxCharGram();
        this.bigrams = settings.wordBigrams();
    }

    /** The settings. */
    public FeatureSettings settings() {
        return settings;
    }

    /**
     * Visits every feature occurrence of {@code text}: words first, then character n-grams.
     *
     * @throws NullPointerException if text is null
     */
    public void forEach(CharSequence text, FeatureSink sink) {
        forEach(TextNormalizer.standard().normalize(text.toString()), sink);
    }

    /**
     * Visits every feature occurrence of a text already normalised with {@link TextNormalizer#standard()}.
     *
     * @throws NullPointerException if text is null
     */
    public void forEach(NormalizedText text, FeatureSink sink) {
        Scratch scratch = SCRATCH.get();
        int length = normalise(text.text(), scratch);
        char[] buf = scratch.chars;
        words(buf, length, sink);
        chars(buf, length, sink);
    }

    /** Lowercases and collapses whitespace into {@code scratch}, with a space at each end; returns the length. */
    private static int normalise(CharSequence text, Scratch scratch) {
        int n = text.length();
        if (scratch.chars.length < n + 2) {
            scratch.chars = new char[Math.max(n + 2, scratch.chars.length * 2)];
        }
        char[] buf = scratch.chars;
        int len = 0;
        buf[len++] = ' ';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (buf[len - 1] != ' ') {
                    buf[len++] = ' ';
                }
            } else {
                buf[len++] = Character.toLowerCase(c);
            }
        }
        if (buf[len - 1] != ' ') {
            buf[len++] = ' ';
        }
        return len;
    }

    private void words(char[] buf, int length, FeatureSink sink) {
        int previous = 0;
        boolean havePrevious = false;
        int i = 0;
        while (i < length) {
            char c = buf[i];
            if (!Character.isLetterOrDigit(c)) {
                i++;
                continue;
            }
            int h = WORD_SEED;
            while (i < length) {
                c = buf[i];
                if (Character.isLetterOrDigit(c)) {
                    h = (h ^ c) * FNV_PRIME;
                } else if (!isApostrophe(c) || i + 1 >= length || !Character.isLetterOrDigit(buf[i + 1])) {
                    break;
                }
                i++;
            }
            emit(WORDS, fmix(h), sink);
            if (bigrams && havePrevious) {
                emit(WORDS, fmix(previous * GOLDEN + h + BIGRAM_SALT), sink);
            }
            previous = h;
            havePrevious = true;
        }
    }

    private void chars(char[] buf, int length, FeatureSink sink) {
        for (int start = 0; start + minGram <= length; start++) {
            int h = CHAR_SEED;
            int end = Math.min(length, start + maxGram);
            for (int k = start; k < end; k++) {
                h = (h ^ buf[k]) * FNV_PRIME;
                int n = k - start + 1;
                if (n >= minGram) {
                    emit(CHARS, fmix(h + n * GOLDEN), sink);
                }
            }
        }
    }

    private void emit(int group, int hash, FeatureSink sink) {
        sink.accept(group, hash & mask, hash < 0);
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019';
    }

    /** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
    static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
