package dev.warden.judge.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds base64, hex and URL-percent segments in a text and decodes those that decode to readable UTF-8
 * text. One pass over the chars with a class table; decoding is attempted only for runs long enough to hide
 * a phrase (base64 and contiguous hex: at least {@value #MIN_RUN} chars; spaced or {@code \x} hex: at
 * least {@value #MIN_HEX_BYTES} bytes; percent: at least {@value #MIN_PERCENT_ESCAPES} escapes).
 */
final class EncodedPayloads {

    /** A decoded segment: char offsets of the encoded text in the scanned string, and its decoded text. */
    record Found(EncodingKind kind, int charStart, int charEnd, String decoded) {
    }

    static final int MIN_RUN = 16;
    static final int MIN_HEX_BYTES = 6;
    static final int MIN_PERCENT_ESCAPES = 3;
    /** Most segments decoded per text, so that a hostile text cannot make the scan quadratic. */
    static final int MAX_SEGMENTS = 16;

    private static final byte B64 = 1;
    private static final byte HEX = 2;
    /** '%' and '\\': a percent or {@code \\x} encoding may start here. */
    private static final byte TRIGGER = 4;
    private static final byte[] CLASS = new byte[128];
    private static final byte[] B64_VALUE = new byte[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            CLASS[c] = B64;
            B64_VALUE[c] = (byte) (c - 'A');
        }
        for (char c = 'a'; c <= 'z'; c++) {
            CLASS[c] = B64;
            B64_VALUE[c] = (byte) (c - 'a' + 26);
        }
        for (char c = '0'; c <= '9'; c++) {
            CLASS[c] = B64 | HEX;
            B64_VALUE[c] = (byte) (c - '0' + 52);
        }
        for (char c : "abcdefABCDEF".toCharArray()) {
            CLASS[c] |= HEX;
        }
        CLASS['%'] = TRIGGER;
        CLASS['\\'] = TRIGGER;
        CLASS['+'] = B64;
        CLASS['/'] = B64;
        CLASS['-'] = B64;
        CLASS['_'] = B64;
        B64_VALUE['+'] = 62;
        B64_VALUE['-'] = 62;
        B64_VALUE['/'] = 63;
        B64_VALUE['_'] = 63;
    }

    private EncodedPayloads() {
    }

    /** The decodable segments of {@code s}, in text order; an empty list (no allocation) when there are none. */
    static List<Found> find(String s) {
        return find(s.toCharArray(), s.length());
    }

    /**
     * A quick screen, much cheaper than {@link #find}: false when {@code s[0, n)} cannot hold a payload (no
     * base64/hex run of {@value #MIN_RUN} chars, fewer than {@value #MIN_HEX_BYTES} two-digit hex words, no
     * {@code %} or backslash).
     */
    static boolean mayContain(char[] s, int n) {
        int run = 0;
        boolean hexRun = true;
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            char c = s[i];
            int p = c < 128 ? CLASS[c] : 0;
            if ((p & B64) != 0) {
                run++;
                hexRun &= (p & HEX) != 0;
                continue;
            }
            if (run >= MIN_RUN || (p & TRIGGER) != 0 || (run == 2 && hexRun && ++pairs >= MIN_HEX_BYTES)) {
                return true;
            }
            run = 0;
            hexRun = true;
        }
        return run >= MIN_RUN;
    }

    /** The decodable segments of {@code s[0, n)}, in text order; an empty list when there are none. */
    static List<Found> find(char[] s, int n) {
        List<Found> found = List.of();
        int i = 0;
        while (i < n && found.size() < MAX_SEGMENTS) {
            char c = s[i];
            int next = i + 1;
            Found f = null;
            if (c == '%') {
                int[] bounds = tokenAround(s, n, i);
                f = percent(s, n, bounds[0], bounds[1]);
                next = Math.max(next, bounds[1]);
            } else if (c == '\\' && i + 3 < n && s[i + 1] == 'x') {
                int end = escapedHexEnd(s, n, i);
                f = hexEscaped(s, i, end);
                next = Math.max(next, end);
            } else if (c < 128 && (CLASS[c] & B64) != 0 && (i == 0 || !isB64(s[i - 1]))) {
                int end = i;
                while (end < n && isB64(s[end])) {
                    end++;
                }
                if (end - i == 2 && isHexPair(s, n, i)) {
                    int spacedEnd = spacedHexEnd(s, n, i);
                    f = spacedHex(s, i, spacedEnd);
                    if (f != null) {
                        end = spacedEnd;
                    }
                } else if (end - i >= MIN_RUN) {
                    f = hexOrBase64(s, n, i, end);
                }
                next = end;
            }
            if (f != null) {
                if (found.isEmpty()) {
                    found = new ArrayList<>(2);
                }
                found.add(f);
                next = Math.max(next, f.charEnd());
            }
            i = next;
        }
        return found;
    }

    private static boolean isB64(char c) {
        return c < 128 && (CLASS[c] & B64) != 0;
    }

    private static boolean isHex(char c) {
        return c < 128 && (CLASS[c] & HEX) != 0;
    }

    private static boolean isHexPair(char[] s, int n, int i) {
        return i + 1 < n && isHex(s[i]) && isHex(s[i + 1]);
    }

    private static int hexValue(char c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }

    /** The whitespace-delimited token around index {@code i}, as {start, end}. */
    private static int[] tokenAround(char[] s, int n, int i) {
        int a = i;
        while (a > 0 && !Character.isWhitespace(s[a - 1])) {
            a--;
        }
        int b = i;
        while (b < n && !Character.isWhitespace(s[b])) {
            b++;
        }
        return new int[] {a, b};
    }

    private static Found percent(char[] s, int n, int start, int end) {
        int escapes = 0;
        for (int i = start; i + 2 < end; i++) {
            if (s[i] == '%' && isHexPair(s, n, i + 1)) {
                escapes++;
            }
        }
        if (escapes < MIN_PERCENT_ESCAPES) {
            return null;
        }
        byte[] bytes = new byte[end - start];
        int k = 0;
        for (int i = start; i < end; i++) {
            char c = s[i];
            if (c == '%' && i + 2 < end && isHexPair(s, n, i + 1)) {
                bytes[k++] = (byte) (hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
                i += 2;
            } else if (c == '+') {
                bytes[k++] = ' ';
            } else if (c < 128) {
                bytes[k++] = (byte) c;
            } else {
                return null; // raw non-ASCII inside a percent-encoded token: not a URL encoding
            }
        }
        String text = readableUtf8(bytes, k);
        return text == null ? null : new Found(EncodingKind.PERCENT, start, end, text);
    }

    private static int escapedHexEnd(char[] s, int n, int i) {
        int j = i;
        while (j + 3 < n && s[j] == '\\' && s[j + 1] == 'x' && isHexPair(s, n, j + 2)) {
            j += 4;
        }
        return j;
    }

    private static Found hexEscaped(char[] s, int start, int end) {
        int count = (end - start) / 4;
        if (count < MIN_HEX_BYTES) {
            return null;
        }
        byte[] bytes = new byte[count];
        for (int b = 0; b < count; b++) {
            int p = start + b * 4 + 2;
            bytes[b] = (byte) (hexValue(s[p]) * 16 + hexValue(s[p + 1]));
        }
        String text = readableUtf8(bytes, count);
        return text == null ? null : new Found(EncodingKind.HEX, start, end, text);
    }

    /** End of a run of hex pairs separated by one space or colon ("68 6f 77"), starting at a pair. */
    private static int spacedHexEnd(char[] s, int n, int i) {
        int j = i + 2;
        while (j + 2 < n && (s[j] == ' ' || s[j] == ':') && isHexPair(s, n, j + 1)
                && (j + 3 == n || !isB64(s[j + 3]))) {
            j += 3;
        }
        return j;
    }

    private static Found spacedHex(char[] s, int start, int end) {
        int count = (end - start + 1) / 3;
        if (count < MIN_HEX_BYTES) {
            return null;
        }
        byte[] bytes = new byte[count];
        for (int b = 0; b < count; b++) {
            int p = start + b * 3;
            bytes[b] = (byte) (hexValue(s[p]) * 16 + hexValue(s[p + 1]));
        }
        String text = readableUtf8(bytes, count);
        return text == null ? null : new Found(EncodingKind.HEX, start, end, text);
    }

    private static Found hexOrBase64(char[] s, int n, int start, int end) {
        boolean allHex = true;
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = start; i < end; i++) {
            char c = s[i];
            allHex &= isHex(c);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        if (allHex && (end - start) % 2 == 0) {
            int count = (end - start) / 2;
            byte[] bytes = new byte[count];
            for (int b = 0; b < count; b++) {
                int p = start + b * 2;
                bytes[b] = (byte) (hexValue(s[p]) * 16 + hexValue(s[p + 1]));
            }
            String text = readableUtf8(bytes, count);
            if (text != null) {
                return new Found(EncodingKind.HEX, start, end, text);
            }
        }
        if (!(upper && lower) && !digit) {
            return null; // one long word in one case: text, not base64
        }
        int padEnd = end;
        while (padEnd < n && padEnd - end < 2 && s[padEnd] == '=') {
            padEnd++;
        }
        byte[] bytes = base64(s, start, end);
        if (bytes == null) {
            return null;
        }
        String text = readableUtf8(bytes, bytes.length);
        return text == null ? null : new Found(EncodingKind.BASE64, start, padEnd, text);
    }

    /** Decodes base64 chars [start, end) (no padding inside); null when the length cannot be base64. */
    private static byte[] base64(char[] s, int start, int end) {
        int len = end - start;
        if (len % 4 == 1) {
            return null;
        }
        byte[] out = new byte[len * 3 / 4];
        int k = 0;
        int acc = 0;
        int bits = 0;
        for (int i = start; i < end; i++) {
            acc = (acc << 6) | B64_VALUE[s[i]];
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[k++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }

    /**
     * The bytes as text when they are valid UTF-8 and read like text: no control chars except whitespace, at
     * least 3 letters, and at least 80 % letters, digits, spaces or common punctuation; else null.
     */
    static String readableUtf8(byte[] bytes, int length) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars;
        try {
            chars = dec.decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            return null;
        }
        int letters = 0;
        int plain = 0;
        int total = 0;
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            total++;
            if (Character.isISOControl(c) && !Character.isWhitespace(c)) {
                return null;
            }
            if (Character.isLetter(c)) {
                letters++;
                plain++;
            } else if (Character.isDigit(c) || Character.isWhitespace(c) || ".,;:!?'\"()-/".indexOf(c) >= 0) {
                plain++;
            }
        }
        if (letters < 3 || plain * 5 < total * 4) {
            return null;
        }
        return chars.toString();
    }
}
