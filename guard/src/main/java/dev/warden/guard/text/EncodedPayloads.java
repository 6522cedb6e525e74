package dev.warden.guard.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Finds encoded payloads in a text so that their decoded form can be scanned like the rest: base64 (standard or
 * URL-safe alphabet, padded or not), hex bytes (contiguous, spaced or separated pairs, {@code \x} or {@code 0x}
 * prefixed), percent-encoded runs ({@code +} as a space) and 8-bit binary groups ({@code 01101000 01101001},
 * separated by single spaces or contiguous), one linear scan each, decoding only candidates;
 * and text in rot13 (by counting rot13 forms of common English words). A run counts only when it decodes to
 * readable UTF-8 text ({@link #printable}): hashes, UUIDs, keys, binary data and ordinary words are not
 * payloads. {@link #mayContain} is a much cheaper screen that is true whenever {@link #find} may find
 * something. The work is linear in the length of the text. Thread-safe and stateless.
 */
public final class EncodedPayloads {

    /** Shortest base64 run tried without padding (12 bytes of text); a padded run may be 8 chars long in all. */
    static final int MIN_BASE64 = 16;
    static final int MIN_PADDED_BASE64 = 8;
    /** Fewest bytes a hex or percent-encoded run must carry. */
    static final int MIN_HEX_BYTES = 6;
    static final int MIN_PERCENT_ESCAPES = 3;
    /** Fewest 8-bit groups (bytes) a binary run must carry. */
    static final int MIN_BINARY_BYTES = 6;
    /** Digits in one binary group. */
    private static final int BITS = 8;
    /** Distinct rot13 markers that make a text rot13. */
    public static final int MIN_ROT13_HITS = 3;

    /** Common English words in rot13 ("gur" = "the"), none of them an English word itself. */
    public static final List<String> ROT13_MARKERS = List.of("gur", "naq", "lbh", "lbhe", "jvgu", "guvf", "gung",
            "ubj", "jung", "jurer", "jvyy", "nyy", "cerivbhf", "vafgehpgvbaf", "vtaber", "znxr", "gryy", "nobhg", "sbe",
            "abg", "pna", "jub", "jnag", "arrq", "cyrnfr", "guvax", "xabj", "jevgr", "tvir", "fgrc", "ehyrf", "fnl",
            "nffvfgnag", "nafjre");
    private static final long[] ROT13_WORDS = encodeAll(ROT13_MARKERS.toArray(String[]::new));
    /** A 1,024-bit filter of the markers' codes: most words are rejected without a search. */
    private static final long[] ROT13_FILTER = new long[16];

    static {
        for (long code : ROT13_WORDS) {
            int bit = filterBit(code);
            ROT13_FILTER[bit >>> 6] |= 1L << bit;
        }
    }

    private static final byte B64 = 1;
    private static final byte HEX = 2;
    /** '%' and '\\': a percent or {@code \\x} encoding may start here ({@link #escapes} tells). */
    private static final byte TRIGGER = 4;
    private static final byte[] CLASS = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            CLASS[c] = (byte) ((isBase64(c) ? B64 : 0) | (isHex(c) ? HEX : 0));
        }
        CLASS['%'] = TRIGGER;
        CLASS['\\'] = TRIGGER;
    }

    private EncodedPayloads() {
    }

    /**
     * The base64, hex, percent-encoded and binary payloads of {@code text}, in order of position.
     *
     * @throws IllegalArgumentException when {@code text} is null
     */
    public static List<EncodedPayload> find(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text to scan for encoded payloads must not be null");
        }
        List<EncodedPayload> found = new ArrayList<>(0);
        findBase64(text, found);
        findHex(text, found);
        findBinary(text, found);
        if (text.indexOf('%') >= 0) {
            findPercent(text, found);
        }
        found.sort((a, b) -> Integer.compare(a.span().start(), b.span().start()));
        return found;
    }

    /**
     * A quick screen, much cheaper than {@link #find}: false only when {@code s[0, n)} cannot hold a payload
     * (no mixed-case or alphanumeric base64 run of {@value #MIN_BASE64} chars, no hex run of
     * {@code 2 * MIN_HEX_BYTES} digits, no padded base64 run, fewer than
     * {@value #MIN_HEX_BYTES} two-digit or {@code 0x} hex words in a row, fewer than {@value #MIN_BINARY_BYTES}
     * words of eight binary digits in a row, no {@code %} and two hex digits, no backslash and {@code x}).
     */
    public static boolean mayContain(char[] s, int n) {
        // A word at a time (a run of base64 chars, then the char that ends it): a per-char loop that tested each
        // char's class and updated the hex state branched both ways at every word edge and cost about twice as
        // much on 2 KB of prose, which the screen mostly reads to its end.
        // The last word of the text counts too: a payload may end the text.
        int pairs = 0;
        int groups = 0;
        int i = 0;
        while (i < n) {
            int start = i;
            while (i < n && isBase64Ascii(s[i])) {
                i++;
            }
            int run = i - start;
            if (run > 0) { // hex and binary words count in a row, as find reads them
                pairs = isHexWord(s, start, run) ? pairs + 1 : 0;
                groups = run == BITS && isBinaryWord(s, start) ? groups + 1 : 0;
            }
            if (pairs >= MIN_HEX_BYTES || groups >= MIN_BINARY_BYTES
                    || run >= 2 * MIN_HEX_BYTES && mayDecode(s, start, run)) {
                return true;
            }
            if (i == n) {
                return false;
            }
            char c = s[i];
            boolean trigger = c < 128 && (CLASS[c] & TRIGGER) != 0 && escapes(s, i, n);
            if (trigger || c == '=' && run >= MIN_PADDED_BASE64 - 2) {
                return true;
            }
            i++;
        }
        return false;
    }

    /**
     * Whether the base64 run {@code s[start, start + run)} may hold a contiguous hex run (a streak of
     * {@code 2 * MIN_HEX_BYTES} hex digits) or be an unpadded base64 one ({@value #MIN_BASE64} chars or more,
     * mixing upper case, lower case and digits as {@link #find} asks): a long word of one case is neither.
     */
    static boolean mayDecode(char[] s, int start, int run) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int streak = 0;
        for (int k = start; k < start + run; k++) {
            char c = s[k];
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            streak = isHex(c) ? streak + 1 : 0;
            if (streak >= 2 * MIN_HEX_BYTES) {
                return true;
            }
        }
        return run >= MIN_BASE64 && (upper && (lower || digit) || lower && digit);
    }

    private static boolean isBase64Ascii(char c) {
        return c < 128 && (CLASS[c] & B64) != 0;
    }

    /** Whether the base64 run {@code s[start, start + run)} is a hex word: two hex digits, or "0x" and two. */
    static boolean isHexWord(char[] s, int start, int run) {
        boolean zeroX = run >= 2 && s[start] == '0' && (s[start + 1] | 0x20) == 'x';
        if (run == 2) {
            return isHex(s[start]) && (isHex(s[start + 1]) || zeroX);
        }
        return run == 4 && zeroX && isHex(s[start + 2]) && isHex(s[start + 3]);
    }

    /** Whether the '%' or backslash at {@code s[i]} starts an escape: {@code %} and two hex digits, {@code \x}. */
    static boolean escapes(char[] s, int i, int n) {
        return s[i] == '%' ? i + 2 < n && isHex(s[i + 1]) && isHex(s[i + 2]) : i + 1 < n && (s[i + 1] | 0x20) == 'x';
    }

    /** Whether {@code s[start, start + 8)} are all binary digits. */
    static boolean isBinaryWord(char[] s, int start) {
        for (int k = start; k < start + BITS; k++) {
            if (s[k] != '0' && s[k] != '1') {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code normalised} holds at least {@value #MIN_ROT13_HITS} distinct common words in rot13, the
     * mark of a rot13 passage. ASCII letters are read case-blind, so a raw text may be passed too.
     */
    public static boolean looksRot13(CharSequence normalised) {
        long[] hits = new long[MIN_ROT13_HITS];
        int distinct = 0;
        int i = 0;
        int length = normalised.length();
        while (i < length && distinct < MIN_ROT13_HITS) {
            if (!isAsciiLetter(normalised.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            long code = 0;
            while (i < length && isAsciiLetter(normalised.charAt(i))) {
                code = i - start < 12 ? (code << 5) | ((normalised.charAt(i) | 0x20) - 'a' + 1) : -1;
                i++;
            }
            if (code > 0 && isRot13Marker(code) && bounded(normalised, start, i)
                    && !contains(hits, distinct, code)) {
                hits[distinct++] = code;
            }
        }
        return distinct >= MIN_ROT13_HITS;
    }

    /** Whether {@code code} (five bits a letter, 'a' = 1) is one of the {@link #ROT13_MARKERS}. */
    static boolean isRot13Marker(long code) {
        return mayBeRot13Marker(code) && Arrays.binarySearch(ROT13_WORDS, code) >= 0;
    }

    /** Whether {@code code} passes the markers' filter: false for most words, true for every marker. */
    static boolean mayBeRot13Marker(long code) {
        int bit = filterBit(code);
        return (ROT13_FILTER[bit >>> 6] & (1L << bit)) != 0;
    }

    private static int filterBit(long code) {
        return (int) ((code * 0x9E3779B97F4A7C15L) >>> 54);
    }

    /** Whether {@code s[start, end)} has no letter or digit on either side. */
    static boolean bounded(CharSequence s, int start, int end) {
        return (start == 0 || !Character.isLetterOrDigit(s.charAt(start - 1)))
                && (end == s.length() || !Character.isLetterOrDigit(s.charAt(end)));
    }

    private static boolean isAsciiLetter(char c) {
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'z';
    }

    /** {@code text} with every ASCII letter rotated by 13; the same length, so offsets carry over. */
    public static String rot13(CharSequence text) {
        char[] out = new char[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) ('a' + (c - 'a' + 13) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) ('A' + (c - 'A' + 13) % 26);
            }
            out[i] = c;
        }
        return new String(out);
    }

    private static void findBase64(String text, List<EncodedPayload> found) {
        int i = 0;
        int length = text.length();
        while (i < length) {
            if (!isBase64Ascii(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            boolean upper = false;
            boolean lower = false;
            boolean digit = false;
            while (i < length && isBase64Ascii(text.charAt(i))) {
                char c = text.charAt(i++);
                upper |= c >= 'A' && c <= 'Z';
                lower |= c >= 'a' && c <= 'z';
                digit |= c >= '0' && c <= '9';
            }
            int body = i;
            while (i < length && i - body < 2 && text.charAt(i) == '=') {
                i++;
            }
            boolean padded = i > body;
            int runLength = body - start;
            boolean mixed = upper && (lower || digit) || lower && digit;
            if (mixed && (runLength >= MIN_BASE64 || padded && i - start >= MIN_PADDED_BASE64)) {
                String decoded = decodeBase64(text.substring(start, body));
                if (decoded != null) {
                    found.add(payload(Encoding.BASE64, text, start, i, decoded));
                }
            }
        }
    }

    private static String decodeBase64(String run) {
        String body = run.replace('-', '+').replace('_', '/');
        int usable = body.length() % 4 == 1 ? body.length() - 1 : body.length(); // a lone 6-bit tail carries no byte
        try {
            return printable(Base64.getDecoder().decode(pad(body.substring(0, usable))));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static String pad(String body) {
        int missing = (4 - body.length() % 4) % 4;
        return missing == 0 ? body : body + "==".substring(0, missing);
    }

    /** Hex byte sequences: a prefix ("\x", "0x" or none) and a separator (none, space, comma, colon) kept throughout. */
    private static void findHex(String text, List<EncodedPayload> found) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            boolean prefixed = c == '\\' || c == '0' && i + 1 < length && (text.charAt(i + 1) | 0x20) == 'x';
            if (!(prefixed || isHex(c)) || i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                i++;
                continue;
            }
            if (!prefixed) {
                int run = i;
                while (run < length && isHex(text.charAt(run))) {
                    run++;
                }
                boolean spaced = run - i == 2 && run + 2 < length && " ,:".indexOf(text.charAt(run)) >= 0
                        && isHex(text.charAt(run + 1)) && isHex(text.charAt(run + 2));
                if (run - i < 2 * MIN_HEX_BYTES && !spaced) {
                    i = Math.max(i + 1, run); // a word or a short number, not hex bytes
                    continue;
                }
            }
            HexRun run = HexRun.read(text, i);
            if (run.bytes.length >= MIN_HEX_BYTES) {
                String decoded = printable(run.bytes);
                if (decoded != null) {
                    found.add(payload(Encoding.HEX, text, i, run.end, decoded));
                }
            }
            i = Math.max(i + 1, run.end);
        }
    }

    /**
     * Runs of at least {@value #MIN_BINARY_BYTES} groups of eight binary digits, separated by single spaces or
     * contiguous (one kept throughout), with no base64 char (letter, digit, {@code + / - _}) right before or after
     * a group, so that {@link #mayContain} sees each group as a word; each group one byte, most significant bit
     * first.
     */
    private static void findBinary(String text, List<EncodedPayload> found) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c != '0' && c != '1' || i > 0 && isBase64(text.charAt(i - 1))) {
                i++;
                continue;
            }
            int digits = i;
            while (digits < length && (text.charAt(digits) == '0' || text.charAt(digits) == '1')) {
                digits++;
            }
            int run = digits - i;
            boolean bounded = digits == length || !isBase64(text.charAt(digits));
            if (!bounded || run % BITS != 0) {
                i = digits; // a number or a word, not bytes; skip the rest of its digits
                continue;
            }
            int start = i;
            ByteRun bytes = new ByteRun();
            if (run > BITS) {
                bytes.addBits(text, start, digits); // contiguous groups
                i = digits;
            } else {
                i = spacedGroups(text, start, bytes);
            }
            if (bytes.count >= MIN_BINARY_BYTES) {
                String decoded = printable(bytes.bytes());
                if (decoded != null) {
                    found.add(payload(Encoding.BINARY, text, start, i, decoded));
                }
            }
        }
    }

    /**
     * Reads space-separated groups of exactly eight binary digits from {@code start} (a group) into {@code bytes};
     * returns the index after the last group.
     */
    private static int spacedGroups(String text, int start, ByteRun bytes) {
        int length = text.length();
        int i = start;
        while (true) {
            bytes.addBits(text, i, i + BITS);
            int next = i + BITS + 1;
            if (next + BITS > length || text.charAt(i + BITS) != ' '
                    || next + BITS < length && isBase64(text.charAt(next + BITS))) {
                return i + BITS;
            }
            for (int k = next; k < next + BITS; k++) {
                if (text.charAt(k) != '0' && text.charAt(k) != '1') {
                    return i + BITS;
                }
            }
            i = next;
        }
    }

    private static void findPercent(String text, List<EncodedPayload> found) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int escapes = 0;
            while (i < length && !Character.isWhitespace(text.charAt(i))) {
                if (text.charAt(i) == '%' && i + 2 < length && isHex(text.charAt(i + 1))
                        && isHex(text.charAt(i + 2))) {
                    escapes++;
                }
                i++;
            }
            if (escapes >= MIN_PERCENT_ESCAPES) {
                String decoded = printable(percentDecode(text, start, i));
                if (decoded != null) {
                    found.add(payload(Encoding.PERCENT, text, start, i, decoded));
                }
            }
        }
    }

    private static byte[] percentDecode(String text, int start, int end) {
        byte[] out = new byte[(end - start) * 3];
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < end && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                out[n++] = (byte) Integer.parseInt(text, i + 1, i + 3, 16);
                i += 2;
            } else if (c == '+') {
                out[n++] = ' ';
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, out, n, utf8.length);
                n += utf8.length;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The bytes as text when they are valid UTF-8 that reads like text: no control characters but whitespace,
     * at least three letters, and either at least 40% letters and spaces or at least 80% letters, digits,
     * spaces and common punctuation (so that hex text nested in base64 counts); null otherwise.
     */
    public static String printable(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
        int letters = 0;
        int spaces = 0;
        int plain = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
            } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                spaces++;
            } else if (Character.isISOControl(c) || c == '\uFFFD') {
                return null;
            } else if (Character.isDigit(c) || ".,;:!?'\"()-/".indexOf(c) >= 0) {
                plain++;
            }
        }
        int length = text.length();
        boolean wordy = (letters + spaces) * 10 >= length * 4;
        boolean plainText = (letters + spaces + plain) * 5 >= length * 4;
        return letters >= 3 && (wordy || plainText) ? text : null;
    }

    private static EncodedPayload payload(Encoding encoding, String text, int from, int to, String decoded) {
        int start = text.codePointCount(0, from);
        return new EncodedPayload(encoding, new Range(start, start + text.codePointCount(from, to)), from, to, decoded);
    }

    static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '-' || c == '_';
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean contains(long[] values, int count, long value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static long[] encodeAll(String... words) {
        long[] codes = new long[words.length];
        for (int w = 0; w < words.length; w++) {
            long code = 0;
            for (char c : words[w].toCharArray()) {
                code = (code << 5) | (c - 'a' + 1);
            }
            codes[w] = code;
        }
        Arrays.sort(codes);
        return codes;
    }

    /** Bytes read from binary digits, eight to a byte, most significant first. */
    private static final class ByteRun {
        private byte[] bytes = new byte[16];
        private int count;

        /** Adds the bytes of {@code text[from, to)}, a multiple of eight binary digits. */
        void addBits(String text, int from, int to) {
            for (int g = from; g < to; g += BITS) {
                int value = 0;
                for (int k = g; k < g + BITS; k++) {
                    value = (value << 1) | (text.charAt(k) - '0');
                }
                if (count == bytes.length) {
                    bytes = Arrays.copyOf(bytes, count * 2);
                }
                bytes[count++] = (byte) value;
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, count);
        }
    }

    /** One run of hex bytes read from a start index: the bytes and the index after the run. */
    private record HexRun(byte[] bytes, int end) {

        static HexRun read(String text, int start) {
            String prefix = text.startsWith("\\x", start) ? "\\x"
                    : text.regionMatches(true, start, "0x", 0, 2) ? "0x" : "";
            byte[] bytes = new byte[16];
            int count = 0;
            int i = start;
            int end = start;
            int separator = -1; // unknown until after the first byte; 0 for none
            while (text.regionMatches(true, i, prefix, 0, prefix.length())) {
                int digits = i + prefix.length();
                if (digits + 1 >= text.length() || !isHex(text.charAt(digits)) || !isHex(text.charAt(digits + 1))) {
                    break;
                }
                if (count == bytes.length) {
                    bytes = Arrays.copyOf(bytes, count * 2);
                }
                bytes[count++] = (byte) Integer.parseInt(text, digits, digits + 2, 16);
                end = digits + 2;
                i = end;
                if (i >= text.length()) {
                    break;
                }
                char next = text.charAt(i);
                int found = next == ' ' || next == ',' || next == ':' ? next : 0;
                if (separator < 0) {
                    separator = found;
                }
                if (found != separator) {
                    break;
                }
                if (separator != 0) {
                    i++;
                    while (separator == ',' && i < text.length() && text.charAt(i) == ' ') {
                        i++;
                    }
                }
            }
            boolean contiguous = prefix.isEmpty() && separator <= 0;
            if (contiguous && end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                return new HexRun(new byte[0], end); // an odd tail: a word or an identifier, not hex bytes
            }
            return new HexRun(Arrays.copyOf(bytes, count), end);
        }
    }
}
