package dev.warden.judge.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Normalises a text so that lexicon phrases match however the text disguises them, keeping a map from every
 * normalised char back to the code points of the text as submitted.
 *
 * <p>Steps, in two linear passes over the chars:
 * <ol>
 *   <li>Fold each code point ({@link CharFolding}): NFKC (skipped for ASCII), invisible and format characters
 *       dropped (zero-width space and joiners, soft hyphen, bidi controls, variation selectors, tag characters
 *       U+E0000..E007F, combining marks), lower case, Cyrillic/Greek homoglyphs and small capitals mapped to
 *       Latin, accents folded.</li>
 *   <li>Split into words and separators, then: leetspeak inside words that contain letters ({@code 0->o,
 *       1->i, 3->e, 4->a, 5->s, 7->t, @->a, $->s, !->i, |->l}) when a digit sits between letters, or when a
 *       nearby word (three words either side) is leetspeak; numbers ({@code 2024}, {@code 1.5}, {@code mp3},
 *       {@code version 3}) stay; apostrophes inside words dropped ({@code can't -> cant}); runs of three or
 *       more single letters separated by spaces or one of {@code . - _ * ~ / · •} joined ({@code b o m b},
 *       {@code b.o.m.b} -> {@code bomb}; a leading "a" or "i" after a normal word stays apart:
 *       {@code make a b o m b -> make a bomb}); every other run of whitespace and punctuation collapsed to one
 *       space, or to {@code '.'} when it ends a sentence.</li>
 *   <li>With decoding on ({@link #standard()}): base64, hex and URL-percent segments of the original that
 *       decode to readable text are normalised the same way (nested encodings too, up to
 *       {@value #MAX_DECODE_DEPTH} levels) and appended after a {@code '.'}; their chars map back to the
 *       whole encoded segment. ROT13 is left to the scorer, which keeps it only when it matches better.</li>
 * </ol>
 *
 * <p>Thread-safe: instances are immutable; per-thread scratch buffers keep allocation to the result.
 */
public final class TextNormalizer {

    /** How many encodings deep decoded payloads are searched for further encoded payloads. */
    public static final int MAX_DECODE_DEPTH = 2;

    /** Longest text accepted, in chars (origins are packed into 24 bits of code-point offset). */
    public static final int MAX_TEXT_CHARS = (1 << 24) - 1;

    /** Origins: start code point in the high 24 bits, attached dropped marks in the low 8. */
    static final int ORIGIN_SHIFT = 8;
    static final int ATTACHED_MASK = (1 << ORIGIN_SHIFT) - 1;

    /** Most chars of decoded payload appended per text. */
    public static final int MAX_DECODED_CHARS = 65_536;

    private static final byte OTHER = 0;
    private static final byte LETTER = 1;
    private static final byte DIGIT = 2;
    private static final byte LEET_SYMBOL = 3;
    private static final byte APOSTROPHE = 4;
    private static final byte NUMBER_PUNCT = 5;
    private static final byte SPACE = 6;

    private static final int HAS_LETTER = 1;
    private static final int INTERIOR_LEET = 2;
    private static final int HAS_LEET_DIGIT = 4;
    private static final int SINGLE = 8;
    private static final int HAS_SYMBOL = 16;
    private static final int HAS_APOSTROPHE = 32;

    /** How many words either side of a leetspeak word make its edge digits leetspeak too. */
    private static final int LEET_NEIGHBOURHOOD = 3;

    private static final byte[] ASCII_CLASS = new byte[128];
    /** ASCII folding: lower case, whitespace controls to space, other controls to 0 (dropped). */
    private static final char[] ASCII_FOLD = new char[128];
    private static final char[] LEET = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_FOLD[c] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        for (char c = 0; c < 0x20; c++) {
            ASCII_FOLD[c] = c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b ? ' ' : 0;
        }
        ASCII_FOLD[0x7f] = 0;
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_CLASS[c] = LETTER;
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII_CLASS[c] = DIGIT;
        }
        for (char c : "@$!|".toCharArray()) {
            ASCII_CLASS[c] = LEET_SYMBOL;
        }
        ASCII_CLASS['\''] = APOSTROPHE;
        ASCII_CLASS['`'] = APOSTROPHE;
        ASCII_CLASS['.'] = NUMBER_PUNCT;
        ASCII_CLASS[','] = NUMBER_PUNCT;
        ASCII_CLASS[' '] = SPACE;
        String from = "013457@$!|";
        String to = "oieastasil";
        for (int i = 0; i < from.length(); i++) {
            LEET[from.charAt(i)] = to.charAt(i);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final TextNormalizer STANDARD = new TextNormalizer(true);
    private static final TextNormalizer WITHOUT_DECODING = new TextNormalizer(false);

    private final boolean decode;

    private TextNormalizer(boolean decode) {
        this.decode = decode;
    }

    /** The normaliser with encoded payloads decoded and appended (for texts to score). */
    public static TextNormalizer standard() {
        return STANDARD;
    }

    /** The normaliser without payload decoding (for lexicon phrases, and where decoding is unwanted). */
    public static TextNormalizer withoutDecoding() {
        return WITHOUT_DECODING;
    }

    /** Whether this normaliser decodes and appends encoded payloads. */
    public boolean decodes() {
        return decode;
    }

    /**
     * Normalises a text.
     *
     * @throws NullPointerException     when text is null
     * @throws IllegalArgumentException when text is longer than {@link #MAX_TEXT_CHARS}
     */
    public NormalizedText normalize(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("text of " + text.length() + " chars is longer than the "
                    + MAX_TEXT_CHARS + " chars the normalizer maps");
        }
        Scratch sc = SCRATCH.get();
        sc.outLength = 0;
        boolean bmpOnly = normalizeInto(text, -1, -1, sc);
        int mainLength = sc.outLength;
        List<DecodedSegment> segments = List.of();
        if (decode) {
            // the scratch still holds the main text's chars: no second copy of the String
            List<EncodedPayloads.Found> found = EncodedPayloads.find(sc.src, text.length());
            if (!found.isEmpty()) {
                segments = new ArrayList<>();
                appendDecoded(text, found, -1, -1, 1, sc, segments);
            }
        }
        return new NormalizedText(text, bmpOnly, Arrays.copyOf(sc.out, sc.outLength),
                Arrays.copyOf(sc.outOrigin, sc.outLength), mainLength,
                segments);
    }

    /**
     * Appends the decoded segments of {@code s}; with a fixed range, every origin is that range (a payload
     * nested in a payload maps to the outermost encoded segment).
     */
    private static void appendDecoded(String s, List<EncodedPayloads.Found> found, int fixedStart, int fixedEnd,
            int depth, Scratch sc, List<DecodedSegment> segments) {
        for (EncodedPayloads.Found f : found) {
            if (sc.outLength >= MAX_DECODED_CHARS) {
                return;
            }
            int segStart = fixedStart >= 0 ? fixedStart : s.codePointCount(0, f.charStart());
            int segEnd = fixedStart >= 0 ? fixedEnd : segStart + s.codePointCount(f.charStart(), f.charEnd());
            if (sc.outLength > 0) {
                sc.ensureOut(1);
                sc.emit('.', segStart << ORIGIN_SHIFT);
            }
            int normStart = sc.outLength;
            normalizeInto(f.decoded(), segStart, segEnd, sc);
            segments.add(new DecodedSegment(f.kind(), segStart, segEnd, normStart, sc.outLength));
            if (depth < MAX_DECODE_DEPTH) {
                List<EncodedPayloads.Found> nested = EncodedPayloads.find(f.decoded());
                if (!nested.isEmpty()) {
                    appendDecoded(f.decoded(), nested, segStart, segEnd, depth + 1, sc, segments);
                }
            }
        }
    }

    /**
     * Folds and tokenises {@code s} and appends the normalised chars to the scratch output.
     *
     * @param fixedStart when {@code >= 0}, every output char maps to [fixedStart, fixedEnd) instead of its own
     *                   code point
     * @return whether {@code s} has no supplementary code points
     */
    private static boolean normalizeInto(String s, int fixedStart, int fixedEnd, Scratch sc) {
        boolean bmpOnly = fold(s, fixedStart, fixedEnd, sc);
        tokenize(sc);
        sc.ensureOut(sc.midLength + 1); // the output of a text is never longer than its folded chars
        emitTokens(sc);
        return bmpOnly;
    }

    /** Pass 1: code points to folded chars in {@code sc.mid}, each with its class and origin. */
    private static boolean fold(String s, int fixedStart, int fixedEnd, Scratch sc) {
        int n = s.length();
        sc.ensureMid(n + 16);
        char[] src = sc.src;
        s.getChars(0, n, src, 0);
        char[] m = sc.mid;
        int[] mo = sc.midOrigin;
        byte[] cls = sc.cls;
        boolean fixed = fixedStart >= 0;
        // origin of the current code point; advances by one code point unless the origin is fixed
        int origin = fixed ? fixedStart << ORIGIN_SHIFT : 0;
        int step = fixed ? 0 : 1 << ORIGIN_SHIFT;
        boolean bmpOnly = true;
        int k = 0;
        int i = 0;
        while (i < n) {
            char c = src[i];
            if (c < 0x80) {
                i++;
                char f = ASCII_FOLD[c];
                if (f != 0) {
                    m[k] = f;
                    cls[k] = ASCII_CLASS[f];
                    mo[k] = origin;
                    k++;
                }
                origin += step;
                continue;
            }
            int code = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(src[i + 1])) {
                code = Character.toCodePoint(c, src[i + 1]);
                bmpOnly = false;
                i += 2;
            } else {
                i++;
            }
            int here = origin;
            origin += step;
            String f = CharFolding.fold(code);
            if (f.isEmpty()) {
                if (!fixed && k > 0 && (mo[k - 1] & ATTACHED_MASK) != ATTACHED_MASK
                        && CharFolding.attachesToPrevious(code)) {
                    mo[k - 1]++; // one more dropped mark belongs to the previous char
                }
                continue;
            }
            if (k + f.length() + (n - i) + 16 > m.length) {
                sc.midLength = k;
                sc.ensureMid(k + f.length() + (n - i) + 16);
                m = sc.mid;
                mo = sc.midOrigin;
                cls = sc.cls;
            }
            for (int j = 0; j < f.length(); j++) {
                char ch = f.charAt(j);
                m[k] = ch;
                cls[k] = classOf(ch);
                mo[k] = here;
                k++;
            }
        }
        sc.midLength = k;
        return bmpOnly;
    }

    private static byte classOf(char c) {
        if (c < 128) {
            return ASCII_CLASS[c];
        }
        if (Character.isLetter(c)) {
            return LETTER;
        }
        if (Character.isDigit(c)) {
            return DIGIT;
        }
        return c == '\u2019' || c == '\u2018' || c == '\u02bc' ? APOSTROPHE : OTHER;
    }

    /** Whether a char of this class after letters may continue the word (digit, leet symbol, apostrophe). */
    private static boolean continuesWord(byte c) {
        return c == DIGIT || c == LEET_SYMBOL || c == APOSTROPHE;
    }

    private static boolean isWordClass(byte c) {
        return c == LETTER || c == DIGIT;
    }

    private static boolean isLeetDigit(char c) {
        return c >= '0' && c <= '9' && LEET[c] != 0;
    }

    /**
     * Pass 2a: words (runs of letters and digits, with interior leet symbols, apostrophes and decimal marks),
     * each with its flags. A leet digit is interior when a letter or leet symbol comes before and after it.
     */
    private static void tokenize(Scratch sc) {
        int k = sc.midLength;
        byte[] cls = sc.cls;
        char[] m = sc.mid;
        sc.tokenCount = 0;
        int i = 0;
        while (i < k) {
            byte x = cls[i];
            if (x != LETTER && x != DIGIT) {
                i++;
                continue;
            }
            if (x == LETTER) {
                // fast path: a word of letters only, ended by a separator
                int j = i + 1;
                while (j < k && cls[j] == LETTER) {
                    j++;
                }
                if (j == k || !continuesWord(cls[j])) {
                    sc.addToken(i, j, j - i == 1 ? HAS_LETTER | SINGLE : HAS_LETTER);
                    i = j;
                    continue;
                }
            }
            int a = i;
            int flags = 0;
            boolean alphaSeen = false;
            boolean pendingDigit = false;
            int j = i;
            while (j < k) {
                x = cls[j];
                if (x == LETTER) {
                    flags |= pendingDigit ? HAS_LETTER | INTERIOR_LEET : HAS_LETTER;
                    alphaSeen = true;
                    pendingDigit = false;
                    j++;
                } else if (x == DIGIT) {
                    if (isLeetDigit(m[j])) {
                        flags |= HAS_LEET_DIGIT;
                        pendingDigit |= alphaSeen;
                    }
                    j++;
                } else if (x == LEET_SYMBOL || x == APOSTROPHE) {
                    int r = j;
                    boolean symbol = false;
                    boolean apostrophe = false;
                    while (r < k && (cls[r] == LEET_SYMBOL || cls[r] == APOSTROPHE)) {
                        symbol |= cls[r] == LEET_SYMBOL;
                        apostrophe |= cls[r] == APOSTROPHE;
                        r++;
                    }
                    if (r == k || !isWordClass(cls[r])) {
                        break;
                    }
                    if (symbol) {
                        flags |= INTERIOR_LEET | HAS_SYMBOL;
                        alphaSeen = true;
                        pendingDigit = false;
                    }
                    if (apostrophe) {
                        flags |= HAS_APOSTROPHE;
                    }
                    j = r;
                } else if (x == NUMBER_PUNCT && cls[j - 1] == DIGIT && j + 1 < k && cls[j + 1] == DIGIT) {
                    j++;
                } else {
                    break;
                }
            }
            if ((flags & HAS_LETTER) == 0) {
                flags &= ~HAS_LEET_DIGIT; // a plain number
            }
            if (j - a == 1 && (cls[a] == LETTER || isLeetDigit(m[a]))) {
                flags |= SINGLE;
            }
            sc.addToken(a, j, flags);
            i = j;
        }
    }

    /** Pass 2b: words to output, with leetspeak, joined letter runs and collapsed separators. */
    private static void emitTokens(Scratch sc) {
        int count = sc.tokenCount;
        int[] ts = sc.tokStart;
        int[] te = sc.tokEnd;
        int[] tf = sc.tokFlags;
        char[] m = sc.mid;
        int prevEnd = -1;
        int t = 0;
        while (t < count) {
            if ((tf[t] & SINGLE) != 0) {
                int r = t;
                int letters = Character.isLetter(m[ts[t]]) ? 1 : 0;
                while (r + 1 < count && (tf[r + 1] & SINGLE) != 0 && joinSeparator(sc, te[r], ts[r + 1])) {
                    r++;
                    letters += Character.isLetter(m[ts[r]]) ? 1 : 0;
                }
                if (r - t + 1 >= 3 && letters >= 2) {
                    int first = t;
                    char c0 = m[ts[t]];
                    if ((c0 == 'a' || c0 == 'i') && r - t + 1 >= 4 && t > 0 && (tf[t - 1] & SINGLE) == 0
                            && allSpaces(sc, te[t - 1], ts[t]) && allSpaces(sc, te[t], ts[t + 1])) {
                        separator(sc, prevEnd, ts[t]);
                        sc.emit(c0, sc.midOrigin[ts[t]]);
                        prevEnd = te[t];
                        first = t + 1;
                    }
                    separator(sc, prevEnd, ts[first]);
                    for (int q = first; q <= r; q++) {
                        int p = ts[q];
                        sc.emit(leet(m[p]), sc.midOrigin[p]);
                    }
                    prevEnd = te[r];
                    t = r + 1;
                    continue;
                }
            }
            separator(sc, prevEnd, ts[t]);
            int flags = tf[t];
            boolean mapDigits = (flags & HAS_LETTER) != 0 && (flags & HAS_LEET_DIGIT) != 0
                    && ((flags & INTERIOR_LEET) != 0 || leetNearby(tf, count, t));
            if (!mapDigits && (flags & (HAS_SYMBOL | HAS_APOSTROPHE)) == 0) {
                sc.emitRange(ts[t], te[t]);
            } else {
                for (int p = ts[t]; p < te[t]; p++) {
                    byte x = sc.cls[p];
                    if (x == APOSTROPHE) {
                        continue;
                    }
                    char ch = m[p];
                    if (x == LEET_SYMBOL || (mapDigits && x == DIGIT)) {
                        ch = leet(ch);
                    }
                    sc.emit(ch, sc.midOrigin[p]);
                }
            }
            prevEnd = te[t];
            t++;
        }
    }

    private static char leet(char c) {
        return c < 128 && LEET[c] != 0 ? LEET[c] : c;
    }

    private static boolean leetNearby(int[] tf, int count, int t) {
        int from = Math.max(0, t - LEET_NEIGHBOURHOOD);
        int to = Math.min(count - 1, t + LEET_NEIGHBOURHOOD);
        for (int u = from; u <= to; u++) {
            if (u != t && (tf[u] & INTERIOR_LEET) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether mid [a, b) is whitespace only, or one of {@code . - _ * ~ / · •} with optional spaces. */
    private static boolean joinSeparator(Scratch sc, int a, int b) {
        int marks = 0;
        for (int p = a; p < b; p++) {
            char c = sc.mid[p];
            if (c == ' ') {
                continue;
            }
            if (c == '.' || c == '-' || c == '_' || c == '*' || c == '~' || c == '/' || c == '\u00b7'
                    || c == '\u2022') {
                if (++marks > 1) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return b > a;
    }

    private static boolean allSpaces(Scratch sc, int a, int b) {
        for (int p = a; p < b; p++) {
            if (sc.mid[p] != ' ') {
                return false;
            }
        }
        return b > a;
    }

    /**
     * Emits the separator between the previous word (ending at mid index {@code prevEnd}) and the next one
     * (starting at {@code nextStart}): {@code '.'} when it ends a sentence, else one space; nothing before the
     * first word of the output.
     */
    private static void separator(Scratch sc, int prevEnd, int nextStart) {
        if (prevEnd < 0) {
            return;
        }
        char[] m = sc.mid;
        if (nextStart - prevEnd == 1 && m[prevEnd] == ' ') {
            sc.emit(' ', sc.midOrigin[prevEnd]);
            return;
        }
        boolean terminator = false;
        boolean boundary = false;
        for (int p = prevEnd; p < nextStart; p++) {
            char c = m[p];
            if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\u3002' || c == '\uff01' || c == '\uff1f') {
                terminator = true;
            } else if (c == ' ' && terminator) {
                boundary = true;
                break;
            }
        }
        sc.emit(boundary ? '.' : ' ', sc.midOrigin[prevEnd] & ~ATTACHED_MASK);
    }

    /** Per-thread buffers: folded chars, their classes and origins, words, and the output. */
    private static final class Scratch {
        /** The text being folded, copied out of its String. */
        char[] src = new char[256];
        char[] mid = new char[256];
        /** Per folded char: start code point {@code << ORIGIN_SHIFT}, plus the count of attached dropped marks. */
        int[] midOrigin = new int[256];
        byte[] cls = new byte[256];
        int midLength;

        int[] tokStart = new int[64];
        int[] tokEnd = new int[64];
        int[] tokFlags = new int[64];
        int tokenCount;

        char[] out = new char[256];
        int[] outOrigin = new int[256];
        int outLength;

        /** Grows the folded-char buffers to at least {@code n}, keeping the first {@code midLength} entries. */
        void ensureMid(int n) {
            if (src.length < n) {
                src = new char[Math.max(n, src.length * 2)];
            }
            if (mid.length < n) {
                int cap = Math.max(n, mid.length * 2);
                mid = Arrays.copyOf(mid, cap);
                midOrigin = Arrays.copyOf(midOrigin, cap);
                cls = Arrays.copyOf(cls, cap);
            }
        }

        void addToken(int start, int end, int flags) {
            if (tokenCount == tokStart.length) {
                int cap = tokenCount * 2;
                tokStart = Arrays.copyOf(tokStart, cap);
                tokEnd = Arrays.copyOf(tokEnd, cap);
                tokFlags = Arrays.copyOf(tokFlags, cap);
            }
            tokStart[tokenCount] = start;
            tokEnd[tokenCount] = end;
            tokFlags[tokenCount] = flags;
            tokenCount++;
        }

        void ensureOut(int extra) {
            if (outLength + extra > out.length) {
                int cap = Math.max(outLength + extra, out.length * 2);
                out = Arrays.copyOf(out, cap);
                outOrigin = Arrays.copyOf(outOrigin, cap);
            }
        }

        /** Appends one char; the caller has ensured the capacity. */
        void emit(char c, int origin) {
            out[outLength] = c;
            outOrigin[outLength] = origin;
            outLength++;
        }

        /**
         * Copies folded chars [a, b) to the output unchanged; the caller has ensured the capacity. A plain loop:
         * words are short, and three {@code System.arraycopy} calls per word cost more than they save.
         */
        void emitRange(int a, int b) {
            int w = outLength;
            char[] o = out;
            int[] oo = outOrigin;
            for (int p = a; p < b; p++, w++) {
                o[w] = mid[p];
                oo[w] = midOrigin[p];
            }
            outLength = w;
        }
    }
}
