package dev.warden.guard.text;

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
 *   <li>Fold each code point ({@link Fold}): NFKC (skipped for ASCII), invisible and format characters
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

    /**
     * Decoded payloads stop being appended once this many decoded chars follow the main text (a bound on hostile
     * input). The main text does not count: padding a prompt does not hide its payloads.
     */
    public static final int MAX_DECODED_CHARS = 65_536;

    /** ASCII folding: lower case, whitespace controls to space, other controls to 0 (dropped). */
    private static final char[] ASCII_FOLD = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_FOLD[c] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        for (char c = 0; c < 0x20; c++) {
            ASCII_FOLD[c] = c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b ? ' ' : 0;
        }
        ASCII_FOLD[0x7f] = 0;
    }

    private static final ThreadLocal<NormalizerBuffers> BUFFERS = ThreadLocal.withInitial(NormalizerBuffers::new);

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
        NormalizerBuffers sc = BUFFERS.get();
        sc.outLength = 0;
        boolean bmpOnly = normalizeInto(text, -1, -1, sc);
        int mainLength = sc.outLength;
        List<DecodedSegment> segments = List.of();
        if (decode) {
            // the scratch still holds the main text's chars: no second copy of the String
            List<EncodedPayload> found = EncodedPayloads.mayContain(sc.src, text.length())
                    ? EncodedPayloads.find(text) : List.of();
            if (!found.isEmpty()) {
                segments = new ArrayList<>();
                appendDecoded(text, found, -1, -1, 1, sc, segments, mainLength);
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
    private static void appendDecoded(String s, List<EncodedPayload> found, int fixedStart, int fixedEnd,
            int depth, NormalizerBuffers sc, List<DecodedSegment> segments, int mainLength) {
        for (EncodedPayload f : found) {
            if (sc.outLength - mainLength >= MAX_DECODED_CHARS) {
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
            segments.add(new DecodedSegment(f.encoding(), segStart, segEnd, normStart, sc.outLength));
            if (depth < MAX_DECODE_DEPTH) {
                List<EncodedPayload> nested = EncodedPayloads.find(f.decoded());
                if (!nested.isEmpty()) {
                    appendDecoded(f.decoded(), nested, segStart, segEnd, depth + 1, sc, segments, mainLength);
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
    private static boolean normalizeInto(String s, int fixedStart, int fixedEnd, NormalizerBuffers sc) {
        boolean bmpOnly = fold(s, fixedStart, fixedEnd, sc);
        WordSplitter.tokenize(sc);
        sc.ensureOut(sc.midLength + 1); // the output of a text is never longer than its folded chars
        WordSplitter.emitTokens(sc);
        return bmpOnly;
    }

    /** Pass 1: code points to folded chars in {@code sc.mid}, each with its class and origin. */
    private static boolean fold(String s, int fixedStart, int fixedEnd, NormalizerBuffers sc) {
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
                    cls[k] = WordSplitter.ASCII_CLASS[f];
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
            String f = Fold.of(code);
            if (f.equals(Fold.NEWLINE)) {
                f = Fold.SPACE;
            }
            if (f.isEmpty()) {
                if (!fixed && k > 0 && (mo[k - 1] & ATTACHED_MASK) != ATTACHED_MASK
                        && Fold.attachesToPrevious(code)) {
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
                cls[k] = WordSplitter.classOf(ch);
                mo[k] = here;
                k++;
            }
        }
        sc.midLength = k;
        return bmpOnly;
    }
}
