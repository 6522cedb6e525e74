package dev.warden.gateway.text;

import java.text.Normalizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folding of one non-ASCII code point: compatibility decomposition (NFKD), combining diacritics dropped,
 * lowercase, common confusables mapped to Latin, recomposed (NFC). Invisible and format characters fold to
 * {@link #REMOVED}, every kind of space to {@link #SPACE}. Results are cached (a lazily filled table for the
 * Basic Multilingual Plane; a map for the rest), so the cost is paid once per distinct character.
 */
final class Fold {

    /** The folding of a character that is dropped. */
    static final String REMOVED = "";
    /** The folding of any whitespace character other than a line break. */
    static final String SPACE = " ";
    /** The folding of a line or paragraph separator. */
    static final String NEWLINE = "\n";

    /** Benign races are fine: a slot holds null or the (immutable) folding, computed identically by anyone. */
    private static final String[] BMP = new String[0x10000];
    private static final Map<Integer, String> SUPPLEMENTARY = new ConcurrentHashMap<>();

    /**
     * Look-alikes NFKD keeps apart from Latin, as (from, to) pairs: Cyrillic and Greek letters that look like
     * Latin ones (not whole alphabets: real Russian or Greek text stays itself), IPA and small capitals,
     * stroked letters, curly quotes and dashes.
     */
    private static final String[] CONFUSABLE_PAIRS = {
        "аaвbеeёeкkмmнhоoрpсcтtуyхxьbіiїiјjѕsһhԁdԛqԝwӏlҽeҫcүyұy",
        "αaβbγyεeηnιiκkμuνvοoπnρpςcτtυuχxωwϲcϳjϵeϱp",
        "ɑaɡgɩiɪiʟlʀrʏyᴀaʙbᴄcᴅdᴇeꜰfɢgʜhᴊjᴋkᴍmɴnᴏoᴘpǫqꜱsᴛtᴜuᴠvᴡwᴢz",
        "ıiȷjłlđdøoħhŧtƀbƃbɓbƈcɗdƒfɠgɦhɨiƙkƚlɱmɲnɵoƥpʠqɽrʂsƭtʋvⱳwƴyȥz",
        "‘'’'‚'‛'′'ʼ'ʹ'´'“\"”\"„\"‟\"″\"«\"»\"‐-‑-‒-–-—-―-−-⁃-﹘-",
    };
    private static final Map<Integer, String> CONFUSABLES = confusables();

    private Fold() {
    }

    /** The folding of {@code cp} (never ASCII: callers handle ASCII themselves). */
    static String of(int cp) {
        if (cp < 0x10000) {
            String cached = BMP[cp];
            if (cached == null) {
                cached = compute(cp);
                BMP[cp] = cached;
            }
            return cached;
        }
        return SUPPLEMENTARY.computeIfAbsent(cp, Fold::compute);
    }

    private static String compute(int cp) {
        if (isInvisible(cp)) {
            return REMOVED;
        }
        if (cp == 0x2028 || cp == 0x2029 || cp == 0x0085) {
            return NEWLINE;
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x2800) {
            return SPACE;
        }
        String special = special(cp);
        if (special != null) {
            return special;
        }
        String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(part -> {
            if (isDiacritic(part) || isInvisible(part)) {
                return;
            }
            int lower = Character.toLowerCase(part);
            String mapped = CONFUSABLES.get(lower);
            if (mapped != null) {
                folded.append(mapped);
            } else if (Character.isWhitespace(lower) || Character.isSpaceChar(lower)) {
                folded.append(' ');
            } else {
                folded.appendCodePoint(lower);
            }
        });
        return Normalizer.normalize(folded, Normalizer.Form.NFC);
    }

    /** Letters in enclosed, squared and regional-indicator forms that NFKD leaves alone. */
    private static String special(int cp) {
        int[][] letterBlocks = {
            {0x1F130, 0x1F149}, // squared Latin capital letters
            {0x1F150, 0x1F169}, // negative circled Latin capital letters
            {0x1F170, 0x1F189}, // negative squared Latin capital letters
            {0x1F1E6, 0x1F1FF}, // regional indicator symbols
        };
        for (int[] block : letterBlocks) {
            if (cp >= block[0] && cp <= block[1]) {
                return String.valueOf((char) ('a' + cp - block[0]));
            }
        }
        return CONFUSABLES.get(Character.toLowerCase(cp));
    }

    /** Format characters (zero-width, bidi controls, tags), variation selectors, controls, Hangul fillers. */
    static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT
                || (type == Character.CONTROL && !Character.isWhitespace(cp) && cp != 0x0085)
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x034F;
    }

    /** Combining marks of the diacritic blocks (accents, Zalgo stacks), not the vowel signs of other scripts. */
    private static boolean isDiacritic(int cp) {
        return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF)
                || (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
    }

    private static Map<Integer, String> confusables() {
        Map<Integer, String> map = new java.util.HashMap<>();
        for (String pairs : CONFUSABLE_PAIRS) {
            int[] cps = pairs.codePoints().toArray();
            if (cps.length % 2 != 0) {
                throw new IllegalStateException("confusable pairs need an even length: " + pairs);
            }
            for (int i = 0; i < cps.length; i += 2) {
                if (cps[i] != cps[i + 1]) {
                    map.put(cps[i], new String(Character.toChars(cps[i + 1])));
                }
            }
        }
        return Map.copyOf(map);
    }
}
