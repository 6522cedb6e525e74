package dev.warden.guard.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Normalises text for matching, in three linear passes over a char buffer:
 * <ol>
 *   <li>fold: ASCII takes a fast path (lowercase, controls dropped); any other code point is NFKC-folded
 *       ({@link Fold}: compatibility forms, accents and Zalgo marks dropped, confusables to Latin, lowercase),
 *       invisible and format characters are removed, whitespace runs collapse to one space or line break;</li>
 *   <li>join spaced-out letters: three or more single letters split by the same kind of short separator
 *       ("b o m b", "b-o-m-b", "b.o.m.b") become one word; a double space stays a word break;</li>
 *   <li>leetspeak inside words: "1gn0r3" becomes "ignore", "k!ll" becomes "kill"; numbers, ordinals and
 *       version-like tokens ("3rd", "covid19", "h264") are left alone; once two words were leetspeak, short
 *       ones are converted too ("t0" becomes "to").</li>
 * </ol>
 * Thread-safe and stateless.
 */
public final class RuleTextNormalizer {

    private static final String LEET_FROM = "01345789@$!|";
    private static final String LEET_TO = "oieastbgasil";
    /** Leet characters accepted as the last char of a word ("sur3", "h4ck3r"). */
    private static final String LEET_TRAILING = "0345$";
    /** Separators between spaced-out letters. */
    private static final String JOIN_SEPARATORS = " -._*/|+~·•";
    private static final int MAX_SEPARATOR = 3;
    private static final int MIN_JOINED = 3;
    /** Leet words after which a text counts as leetspeak and short words are converted too. */
    private static final int AGGRESSIVE_AFTER = 2;
    private static final java.util.Set<String> UNIT_SUFFIXES = java.util.Set.of("st", "nd", "rd", "th", "am", "pm",
            "kg", "km", "mb", "gb", "kb", "tb", "ms", "px", "hz", "mm", "cm", "ft", "lb", "oz", "mg", "ml", "gw", "mw",
            "kw", "hp", "pc", "ep", "lp", "cd");

    private RuleTextNormalizer() {
    }

    /**
     * The normalised form of {@code original} only.
     *
     * @throws IllegalArgumentException when {@code original} is null
     */
    public static String normaliseText(String original) {
        return normalise(original).text();
    }

    /**
     * Normalises {@code original}, keeping the map from normalised chars to original code points.
     *
     * @throws IllegalArgumentException when {@code original} is null
     */
    public static RuleText normalise(String original) {
        if (original == null) {
            throw new IllegalArgumentException("text to normalise must not be null");
        }
        Buffer buffer = fold(original);
        List<Range> joined = joinSpacedLetters(buffer);
        int leetWords = deleet(buffer, false);
        if (leetWords >= AGGRESSIVE_AFTER) {
            leetWords += deleet(buffer, true); // a leetspeak text: short words too ("t0", "4t")
        }
        buffer.trimTrailingSpace();
        return new RuleText(original, new String(buffer.chars, 0, buffer.length),
                Arrays.copyOf(buffer.source, buffer.length), joined, leetWords);
    }

    private static Buffer fold(String original) {
        Buffer buffer = new Buffer(original.length() + 16);
        int codePoint = 0;
        for (int i = 0; i < original.length(); codePoint++) {
            char c = original.charAt(i);
            if (c < 0x80) {
                foldAscii(buffer, c, codePoint);
                i++;
            } else {
                int cp = original.codePointAt(i);
                String folded = Fold.of(cp);
                for (int k = 0; k < folded.length(); k++) {
                    buffer.append(folded.charAt(k), codePoint);
                }
                i += Character.charCount(cp);
            }
        }
        return buffer;
    }

    private static void foldAscii(Buffer buffer, char c, int codePoint) {
        if (c >= 'A' && c <= 'Z') {
            buffer.append((char) (c + ('a' - 'A')), codePoint);
        } else if (c == '\n' || c == '\r') {
            buffer.append('\n', codePoint);
        } else if (c == ' ' || c == '\t' || c == '\f' || c == 0x0B) {
            buffer.append(' ', codePoint);
        } else if (c >= 0x20 && c != 0x7F) {
            buffer.append(c, codePoint);
        }
    }

    /**
     * Joins runs of single letters split by one repeated short separator, compacting the buffer; returns the
     * joined runs (char indices of the compacted text).
     */
    private static List<Range> joinSpacedLetters(Buffer buffer) {
        List<Range> joined = new ArrayList<>(0);
        char[] chars = buffer.chars;
        int[] source = buffer.source;
        int length = buffer.length;
        int write = 0;
        int read = 0;
        while (read < length) {
            int last = isSingle(chars, length, read) ? runEnd(buffer, read) : read;
            int count = 0;
            int letters = 0;
            for (int k = read; k <= last; k++) {
                if (Chars.alnum(chars[k])) {
                    count++;
                    letters += Chars.letter(chars[k]) ? 1 : 0;
                }
            }
            boolean join = count >= MIN_JOINED && letters >= 2 && 2 * letters >= count;
            if (join && count > MIN_JOINED && articleApart(chars, length, read)) {
                join = false; // "make a b o m b": the article stays a word, the letters after it join
                last = read;
            }
            if (!join && count < MIN_JOINED) {
                last = read; // a shorter run may still start at the next single letter
            }
            int start = write;
            for (int k = read; k <= last; k++) {
                if (!join || Chars.alnum(chars[k])) {
                    chars[write] = chars[k];
                    source[write++] = source[k];
                }
            }
            if (join) {
                joined.add(new Range(start, write));
            }
            read = last + 1;
        }
        buffer.length = write;
        return joined;
    }

    /** An "a" or "i" between spaces right after a longer word: an article or a pronoun, not a spelled letter. */
    private static boolean articleApart(char[] chars, int length, int at) {
        return (chars[at] == 'a' || chars[at] == 'i') && at >= 2 && chars[at - 1] == ' ' && Chars.alnum(chars[at - 2])
                && at + 1 < length && chars[at + 1] == ' ';
    }

    /** The index of the last single char of the run starting at {@code first}, all separators being equal. */
    private static int runEnd(Buffer buffer, int first) {
        char[] chars = buffer.chars;
        int last = first;
        int separatorStart = -1;
        int separatorLength = 0;
        while (true) {
            int next = afterSeparator(buffer, last);
            if (next < 0 || !isSingle(chars, buffer.length, next)) {
                return last;
            }
            int length = next - last - 1;
            if (separatorStart < 0) {
                separatorStart = last + 1;
                separatorLength = length;
            } else if (length != separatorLength
                    || !Arrays.equals(chars, separatorStart, separatorStart + length, chars, last + 1, next)) {
                return last;
            }
            last = next;
        }
    }

    /** The index of the single char after the separator following {@code at}, or -1 (none, or a word gap). */
    private static int afterSeparator(Buffer buffer, int at) {
        char[] chars = buffer.chars;
        int next = at + 1;
        boolean spacesOnly = true;
        while (next < buffer.length && next - at - 1 < MAX_SEPARATOR && JOIN_SEPARATORS.indexOf(chars[next]) >= 0) {
            spacesOnly &= chars[next] == ' ';
            next++;
        }
        int separator = next - at - 1;
        boolean wordGap = spacesOnly && (separator > 1 || separator == 1 && buffer.wide[at + 1]);
        return separator == 0 || next >= buffer.length || wordGap ? -1 : next;
    }

    /** A letter or digit standing alone between non-alphanumeric chars. */
    private static boolean isSingle(char[] chars, int length, int at) {
        return Chars.alnum(chars[at])
                && (at == 0 || !Chars.alnum(chars[at - 1]))
                && (at + 1 == length || !Chars.alnum(chars[at + 1]));
    }

    /**
     * Replaces leet characters inside words, in place; returns the number of words changed. The aggressive
     * pass (for texts already shown to be leetspeak) also takes words with a single letter.
     */
    private static int deleet(Buffer buffer, boolean aggressive) {
        char[] chars = buffer.chars;
        int changed = 0;
        int i = 0;
        while (i < buffer.length) {
            if (!isWordish(chars[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < buffer.length && isWordish(chars[i])) {
                i++;
            }
            if (aggressive ? shouldDeleetShort(chars, start, i) : shouldDeleet(chars, start, i)) {
                changed++;
                for (int k = start; k < i; k++) {
                    int leet = LEET_FROM.indexOf(chars[k]);
                    if (leet >= 0) {
                        chars[k] = LEET_TO.charAt(leet);
                    }
                }
            }
        }
        return changed;
    }

    /** Short words in a leetspeak text: one letter and leet digits ("t0", "4t", "2" excluded). */
    private static boolean shouldDeleetShort(char[] chars, int start, int end) {
        int letters = 0;
        int leet = 0;
        for (int k = start; k < end; k++) {
            char c = chars[k];
            if (Chars.letter(c)) {
                letters++;
            } else if ("013457".indexOf(c) >= 0) {
                leet++;
            } else {
                return false;
            }
        }
        return letters == 1 && leet >= 1 && end - start <= 3 && !isUnitSuffix(chars, end - 2, end);
    }

    private static boolean shouldDeleet(char[] chars, int start, int end) {
        int letters = 0;
        boolean anyLeet = false;
        for (int k = start; k < end; k++) {
            char c = chars[k];
            if (Chars.letter(c)) {
                letters++;
            } else if (LEET_FROM.indexOf(c) >= 0) {
                anyLeet = true;
            } else if (Chars.digit(c)) {
                return false; // a digit with no letter meaning: a number or a code ("h264", "b2b")
            }
        }
        if (!anyLeet || letters < 2 || digitRun(chars, start, end, 1) >= 2 || digitRun(chars, end - 1, start - 1, -1) >= 2) {
            return false;
        }
        for (int k = start; k < end; k++) {
            char c = chars[k];
            if (LEET_FROM.indexOf(c) < 0) {
                continue;
            }
            boolean left = k > start && isLetterOrLeet(chars[k - 1]);
            boolean right = k + 1 < end && isLetterOrLeet(chars[k + 1]);
            boolean inside = left && right && (Chars.letter(chars[k - 1]) || Chars.letter(chars[k + 1]));
            boolean leading = k == start && right && c != '!' && c != '|'
                    && (letters >= 3 || letters == 2 && !isUnitSuffix(chars, start + 1, end)); // "4ll", not "3rd"
            boolean trailing = k == end - 1 && left && Chars.letter(chars[k - 1]) && letters >= 3
                    && LEET_TRAILING.indexOf(c) >= 0;
            if (inside || leading || trailing) {
                return true;
            }
        }
        return false;
    }

    /** Ordinal and unit suffixes after a leading digit ("3rd", "4th", "5pm", "4kg"): a number, not leetspeak. */
    private static boolean isUnitSuffix(char[] chars, int from, int to) {
        return to - from == 2 && UNIT_SUFFIXES.contains(String.valueOf(chars, from, 2));
    }

    /** The length of the run of digits starting at {@code from} and walking by {@code step} up to {@code stop}. */
    private static int digitRun(char[] chars, int from, int stop, int step) {
        int run = 0;
        for (int k = from; k != stop && Chars.digit(chars[k]); k += step) {
            run++;
        }
        return run;
    }

    private static boolean isWordish(char c) {
        return Chars.alnum(c) || c == '@' || c == '$' || c == '!' || c == '|';
    }

    private static boolean isLetterOrLeet(char c) {
        return Chars.letter(c) || LEET_FROM.indexOf(c) >= 0;
    }

    /**
     * A growable char buffer with the source code point of each char. Whitespace runs collapse to one space
     * (a line break when the run holds one); {@code wide} marks those that stood for more than one char, a
     * word gap for the joining of spaced-out letters.
     */
    private static final class Buffer {
        char[] chars;
        int[] source;
        boolean[] wide;
        int length;

        Buffer(int capacity) {
            chars = new char[capacity];
            source = new int[capacity];
            wide = new boolean[capacity];
        }

        void append(char c, int codePoint) {
            if (c == ' ' || c == '\n') {
                if (length == 0) {
                    return;
                }
                char last = chars[length - 1];
                if (last == ' ' || last == '\n') {
                    wide[length - 1] = true;
                    if (c == '\n') {
                        chars[length - 1] = '\n';
                    }
                    return;
                }
            }
            if (length == chars.length) {
                chars = Arrays.copyOf(chars, length * 2);
                source = Arrays.copyOf(source, length * 2);
                wide = Arrays.copyOf(wide, length * 2);
            }
            chars[length] = c;
            source[length++] = codePoint;
        }

        void trimTrailingSpace() {
            while (length > 0 && (chars[length - 1] == ' ' || chars[length - 1] == '\n')) {
                length--;
            }
        }
    }
}
