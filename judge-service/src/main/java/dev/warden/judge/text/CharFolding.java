package dev.warden.judge.text;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-code-point folding for non-ASCII input: Unicode NFKC, invisible and format characters dropped,
 * lower case ({@link Character#toLowerCase(int)}, locale-independent), Cyrillic/Greek/Latin homoglyphs and
 * small capitals mapped to their Latin look-alike, accents folded ("é" to "e").
 *
 * <p>Folding one code point at a time (instead of NFKC over the whole string) keeps the map from every
 * output char back to its source code point. The only thing lost is canonical composition (a base letter
 * followed by a combining accent), which the accent folding would undo anyway: the combining mark is
 * dropped and the base letter kept.
 *
 * <p>Results are cached lazily in two 64 Ki tables (the BMP and plane 1). The caches are written without
 * locks: a race computes the same immutable {@link String} twice, and strings are safely published through
 * their final fields.
 */
final class CharFolding {

    /** The folded form of a dropped code point. */
    static final String DROP = "";

    private static final String SPACE = " ";
    private static final String[] BMP = new String[0x10000];
    private static final String[] PLANE1 = new String[0x10000];

    /**
     * Look-alikes folded after lower-casing: Cyrillic, Greek, Armenian and IPA letters that render like a
     * Latin letter, Latin small capitals, and Latin letters without a canonical decomposition.
     * Pairs of (source chars, target) in one string per target.
     */
    private static final String[][] LOOKALIKES = {
        {"a", "\u0430\u03b1\u0251\u1d00\u237a"},
        {"b", "\u0432\u03b2\u0299\u044c\u0184"},
        {"c", "\u0441\u03f2\u1d04\u217d"},
        {"d", "\u0501\u1d05\u0257\u217e"},
        {"e", "\u0435\u0451\u03b5\u1d07\u0454\u212e"},
        {"f", "\ua730"},
        {"g", "\u0261\u0262\u050d"},
        {"h", "\u043d\u04bb\u029c\u0570\u0127"},
        {"i", "\u0456\u0457\u03b9\u026a\u0131\u0269\u2170"},
        {"j", "\u0458\u03f3\u1d0a"},
        {"k", "\u043a\u03ba\u1d0b\u049b"},
        {"l", "\u0142\u029f\u04cf\u217c\u01c0"},
        {"m", "\u043c\u1d0d\u217f"},
        {"n", "\u03b7\u0274\u0578\u043f"},
        {"o", "\u043e\u03bf\u1d0f\u00f8\u0585\u03c3\u0275"},
        {"p", "\u0440\u03c1\u1d18"},
        {"q", "\u051b\ua7af\u0566"},
        {"r", "\u0433\u0280\u1d26"},
        {"s", "\u0455\ua731\u01bd"},
        {"t", "\u0442\u03c4\u1d1b\u0167"},
        {"u", "\u03c5\u1d1c\u057d\u028b"},
        {"v", "\u03bd\u1d20\u0475\u2174"},
        {"w", "\u051d\u03c9\u1d21\u0461"},
        {"x", "\u0445\u03c7\u2179"},
        {"y", "\u0443\u03b3\u028f\u04af"},
        {"z", "\u1d22\u01b6"},
        {"ss", "\u00df"},
        {"ae", "\u00e6"},
        {"oe", "\u0153"},
        {"d", "\u0111"},
    };

    private static final Map<Integer, String> LOOKALIKE = buildLookalikes();

    private CharFolding() {
    }

    private static Map<Integer, String> buildLookalikes() {
        Map<Integer, String> m = new HashMap<>();
        for (String[] row : LOOKALIKES) {
            row[1].codePoints().forEach(cp -> m.put(cp, row[0]));
        }
        return Map.copyOf(m);
    }

    /**
     * The folded form of a non-ASCII code point: {@link #DROP} for an invisible one, {@code " "} for a space,
     * else one or more chars (lower case, look-alikes mapped; symbols are kept as they are).
     */
    static String fold(int cp) {
        if (cp < 0x10000) {
            String s = BMP[cp];
            if (s == null) {
                s = compute(cp);
                BMP[cp] = s;
            }
            return s;
        }
        if (cp < 0x20000) {
            int i = cp - 0x10000;
            String s = PLANE1[i];
            if (s == null) {
                s = compute(cp);
                PLANE1[i] = s;
            }
            return s;
        }
        return compute(cp);
    }

    /**
     * Whether a dropped code point belongs to the char before it (a combining mark, a variation selector, a
     * tag character), so that a span ending at that char should include it.
     */
    static boolean attachesToPrevious(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || (cp >= 0xE0000 && cp <= 0xE007F);
    }

    /** Invisible or formatting code points, dropped outright. */
    static boolean isInvisible(int cp) {
        switch (cp) {
            case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0x180E, 0x17B4, 0x17B5:
                return true;
            default:
                break;
        }
        if (cp >= 0xE0000 && cp <= 0xE0FFF) {
            return true; // tags, variation selectors supplement
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.SURROGATE
                || (type == Character.CONTROL && !Character.isWhitespace(cp));
    }

    private static String compute(int cp) {
        if (isInvisible(cp)) {
            return DROP;
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x2800) {
            return SPACE;
        }
        String enclosed = enclosedLetter(cp);
        if (enclosed != null) {
            return enclosed;
        }
        String nfkc = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
        boolean expansion = nfkc.codePointCount(0, nfkc.length()) > 1;
        boolean hasAlnum = nfkc.codePoints().anyMatch(Character::isLetterOrDigit);
        StringBuilder sb = new StringBuilder(nfkc.length());
        nfkc.codePoints().forEach(c -> {
            if (isInvisible(c)) {
                return;
            }
            if (expansion && hasAlnum && (c == '(' || c == ')' || c == '.')) {
                return; // "(a)", "1." from enclosed forms: keep the letter or digit only
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                sb.append(' ');
                return;
            }
            int lc = Character.toLowerCase(c);
            String look = LOOKALIKE.get(lc);
            if (look != null) {
                sb.append(look);
            } else if (lc >= 0x80 && Character.isLetter(lc)) {
                sb.append(stripAccent(lc));
            } else {
                sb.appendCodePoint(lc);
            }
        });
        return sb.toString();
    }

    /** Negative circled/squared Latin capitals and regional indicators, which NFKC leaves alone. */
    private static String enclosedLetter(int cp) {
        int base;
        if (cp >= 0x1F150 && cp <= 0x1F169) {
            base = 0x1F150;
        } else if (cp >= 0x1F170 && cp <= 0x1F189) {
            base = 0x1F170;
        } else if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
            base = 0x1F1E6;
        } else {
            return null;
        }
        return String.valueOf((char) ('a' + (cp - base)));
    }

    /** A Latin letter with accents folded to its ASCII base letter; other letters unchanged. */
    private static String stripAccent(int letter) {
        String d = Normalizer.normalize(new String(Character.toChars(letter)), Normalizer.Form.NFD);
        char first = d.charAt(0);
        if (first < 0x80 && Character.isLetter(first)) {
            return String.valueOf(first);
        }
        return new String(Character.toChars(letter));
    }
}
