package dev.warden.guard.text;

/**
 * The screen {@link DecodedTexts} reads every text through before decoding anything: in one pass over the chars it
 * takes both decisions that used to take two, whether the text may hold an encoded payload (exactly
 * {@link EncodedPayloads#mayContain}'s answer) and whether it reads as rot13 (exactly
 * {@link EncodedPayloads#looksRot13}'s). Each run of base64 chars is read once: the words of ASCII letters inside
 * it are coded for the rot13 markers as they go by, and at its end the run is weighed as a hex word, a binary
 * group or a long run, as {@link EncodedPayloads#mayContain} weighs it. Most ordinary prompts hold neither, and
 * for them this pass is the whole cost of reading payloads. The chars are copied into a buffer each thread reuses
 * (a text over 64K chars gets one of its own), so the pass allocates nothing; thread-safe.
 */
final class PayloadScreen {

    /** The text may hold a payload: {@link EncodedPayloads#find} is worth running. */
    static final int PAYLOAD = 1;
    /** The text reads as rot13. */
    static final int ROT13 = 2;

    /** Per ASCII char: a letter's place in the alphabet (1-26, either case), 0 another base64 char, -1 neither. */
    private static final byte[] VALUE = new byte[128];
    /** The shortest and longest rot13 marker, in letters. */
    private static final int MIN_MARKER = 3;
    private static final int MAX_MARKER = 12;
    /** The longest text read through a thread's reused buffer; a longer one gets a buffer of its own. */
    private static final int MAX_SCRATCH = 1 << 16;
    private static final ThreadLocal<char[]> SCRATCH = ThreadLocal.withInitial(() -> new char[4096]);

    static {
        for (char c = 0; c < 128; c++) {
            char lower = (char) (c | 0x20);
            VALUE[c] = (byte) (lower >= 'a' && lower <= 'z' ? lower - 'a' + 1 : EncodedPayloads.isBase64(c) ? 0 : -1);
        }
    }

    private PayloadScreen() {
    }

    /**
     * {@link #PAYLOAD} when {@link EncodedPayloads#mayContain} is true of {@code text}'s chars, plus {@link #ROT13}
     * when {@link EncodedPayloads#looksRot13} is true of it; 0 for neither.
     *
     * @throws NullPointerException when {@code text} is null
     */
    static int of(String text) {
        int n = text.length();
        char[] s = n <= MAX_SCRATCH ? SCRATCH.get() : new char[n];
        if (s.length < n) {
            s = new char[Math.max(n, 2 * s.length)];
            SCRATCH.set(s);
        }
        text.getChars(0, n, s, 0);
        return of(s, n, text);
    }

    /** {@link #of(String)} of {@code text}, whose chars are {@code s[0, n)}. */
    private static int of(char[] s, int n, String text) {
        boolean payload = false;
        int pairs = 0;
        int groups = 0;
        long first = 0; // the distinct rot13 markers met so far
        long second = 0;
        int markers = 0;
        int i = 0;
        while (i < n) {
            int start = i;
            int word = i; // the start of the current word of letters
            long code = 0;
            char c = 0;
            for (; i < n; i++) {
                c = s[i];
                int value = c < 128 ? VALUE[c] : -1;
                if (value > 0) {
                    code = (code << 5) | value;
                    continue;
                }
                if (value < 0) {
                    break;
                }
                // a digit or + / - _ ends a word of letters inside the run
                if (isMarker(code, i - word) && markers < EncodedPayloads.MIN_ROT13_HITS
                        && EncodedPayloads.bounded(text, word, i) && code != first && code != second) {
                    first = markers == 0 ? code : first;
                    second = markers == 1 ? code : second;
                    markers++;
                }
                code = 0;
                word = i + 1;
            }
            if (isMarker(code, i - word) && markers < EncodedPayloads.MIN_ROT13_HITS
                    && EncodedPayloads.bounded(text, word, i) && code != first && code != second) {
                first = markers == 0 ? code : first;
                second = markers == 1 ? code : second;
                markers++;
            }
            if (!payload) {
                int run = i - start;
                if (run > 0) { // hex and binary words count in a row
                    pairs = (run == 2 || run == 4) && EncodedPayloads.isHexWord(s, start, run) ? pairs + 1 : 0;
                    groups = run == 8 && EncodedPayloads.isBinaryWord(s, start) ? groups + 1 : 0;
                }
                payload = pairs >= EncodedPayloads.MIN_HEX_BYTES || groups >= EncodedPayloads.MIN_BINARY_BYTES
                        || run >= 2 * EncodedPayloads.MIN_HEX_BYTES && EncodedPayloads.mayDecode(s, start, run)
                        || i < n && (c == '=' && run >= EncodedPayloads.MIN_PADDED_BASE64 - 2
                                || (c == '%' || c == '\\') && EncodedPayloads.escapes(s, i, n));
            }
            if (payload && markers >= EncodedPayloads.MIN_ROT13_HITS) {
                break;
            }
            i++; // past the char that ended the run
        }
        return (payload ? PAYLOAD : 0) | (markers >= EncodedPayloads.MIN_ROT13_HITS ? ROT13 : 0);
    }

    /** Whether a word of {@code length} letters with this code is one of the rot13 markers. */
    private static boolean isMarker(long code, int length) {
        // one rarely taken branch: word lengths vary too much to predict
        boolean candidate = length >= MIN_MARKER & length <= MAX_MARKER & EncodedPayloads.mayBeRot13Marker(code);
        return candidate && EncodedPayloads.isRot13Marker(code);
    }
}
