package dev.warden.guard.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folding of one non-ASCII code point, shared by both normalisers of this package:
 * <ol>
 *   <li>invisible code points are dropped ({@link #isInvisible}: format characters such as zero-width spaces,
 *       joiners, bidi controls and tags, variation selectors, combining marks, controls, private-use and
 *       unassigned code points, Hangul fillers);</li>
 *   <li>every kind of space becomes {@link #SPACE}, line and paragraph separators {@link #NEWLINE};</li>
 *   <li>ICU's NFKC_Casefold ({@link Normalizer2#getNFKCCasefoldInstance()}) folds compatibility forms (full-width,
 *       mathematical alphanumerics, ligatures, circled letters) and case; combining marks left by a canonical
 *       decomposition are dropped ("é" to "e", Zalgo stacks to the bare letter);</li>
 *   <li>a letter that is still not ASCII is replaced by its Latin look-alike when it has one: ICU's
 *       {@link SpoofChecker} skeleton (the confusables of Unicode TS #39), tried on the letter, its case fold and
 *       its capital, a single Latin letter preferred; Latin small capitals by their Unicode name; a few
 *       look-alikes TS #39 does not list ({@link #UNLISTED});</li>
 *   <li>punctuation that TS #39 makes an ASCII mark becomes that mark (curly quotes to {@code '} and
 *       {@code "}); dashes become {@code -}, other quotation marks {@code "}.</li>
 * </ol>
 * Results are cached (a lazily filled table for the Basic Multilingual Plane, a map for the rest), so ICU is
 * asked once per distinct code point. Thread-safe.
 */
public final class Fold {

    /** The folding of a dropped code point. */
    public static final String DROP = "";
    /** The folding of any whitespace code point other than a line break. */
    public static final String SPACE = " ";
    /** The folding of a line or paragraph separator. */
    public static final String NEWLINE = "\n";

    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
    private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
    private static final SpoofChecker CONFUSABLES = new SpoofChecker.Builder().build();

    /**
     * Look-alikes of a Latin letter that TS #39 maps elsewhere (or to a letter of its own script): kra, turned
     * w (the skeletons of Cyrillic "к" and "м"), open e, omega, pi, mu, c and w with hooks, the APL alpha, the
     * estimated sign and the final sigma.
     */
    private static final Map<Integer, String> UNLISTED = Map.ofEntries(Map.entry(0x0138, "k"),
            Map.entry(0x028D, "m"), Map.entry(0xA793, "e"), Map.entry(0x03C9, "w"), Map.entry(0x03C0, "n"),
            Map.entry(0x03BC, "u"), Map.entry(0x0432, "b"), Map.entry(0x0442, "t"), Map.entry(0x0188, "c"),
            Map.entry(0x2C73, "w"), Map.entry(0x237A, "a"), Map.entry(0x212E, "e"), Map.entry(0x03C2, "c"));

    /** Benign races: a slot holds null or the (immutable) folding, computed identically by anyone. */
    private static final String[] BMP = new String[0x10000];
    private static final Map<Integer, String> SUPPLEMENTARY = new ConcurrentHashMap<>();

    private Fold() {
    }

    /** The folding of {@code cp} ({@link #DROP}, {@link #SPACE}, {@link #NEWLINE} or one or more chars). */
    public static String of(int cp) {
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

    /**
     * Whether a dropped code point belongs to the char before it (a combining mark, a variation selector, a tag
     * character), so that a span ending at that char should include it.
     */
    public static boolean attachesToPrevious(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || (cp >= 0xE0000 && cp <= 0xE007F);
    }

    /**
     * Invisible or formatting code points, dropped outright: format characters, combining marks, controls other
     * than whitespace, private-use, unassigned and lone surrogate code points, variation selectors, tags, Hangul
     * fillers and the other default-ignorable letters.
     */
    public static boolean isInvisible(int cp) {
        switch (cp) {
            case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0x180E, 0x17B4, 0x17B5:
                return true;
            default:
                break;
        }
        if ((cp >= 0xE0000 && cp <= 0xE0FFF) || (cp >= 0xFE00 && cp <= 0xFE0F)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.SURROGATE
                || (type == Character.CONTROL && !Character.isWhitespace(cp) && cp != 0x0085);
    }

    private static String compute(int cp) {
        if (isInvisible(cp)) {
            return DROP;
        }
        if (cp == 0x2028 || cp == 0x2029 || cp == 0x0085) {
            return NEWLINE;
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x2800) {
            return SPACE;
        }
        String enclosed = enclosedLetter(cp);
        if (enclosed != null) {
            return enclosed;
        }
        String original = new String(Character.toChars(cp));
        String folded = bare(NFKC_CASEFOLD.normalize(original));
        boolean expansion = folded.codePointCount(0, folded.length()) > 1;
        boolean hasAlnum = folded.codePoints().anyMatch(Character::isLetterOrDigit);
        StringBuilder out = new StringBuilder(folded.length());
        folded.codePoints().forEach(c -> {
            if (expansion && hasAlnum && (c == '(' || c == ')' || c == '.')) {
                return; // "(a)", "1." from enclosed forms: keep the letter or digit only
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                out.append(' ');
            } else if (c < 0x80) {
                out.append((char) c);
            } else if (Character.isLetter(c)) {
                out.append(latinLetter(expansion ? c : cp, c));
            } else if (!Character.isDigit(c)) {
                out.append(asciiMark(c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /**
     * The Latin look-alike of a letter ({@code original}, {@code folded} its case fold), or the folded letter
     * itself when it has none.
     */
    private static String latinLetter(int original, int folded) {
        String unlisted = UNLISTED.get(original);
        if (unlisted != null) {
            return unlisted;
        }
        String best = null;
        // a capital's case fold first ("Ι" looks like "l" but reads "i"), else the letter as written ("ς" is "c")
        int[] tries = Character.isUpperCase(original) ? new int[] {folded, original, UCharacter.toUpperCase(folded)}
                : new int[] {original, folded, UCharacter.toUpperCase(folded)};
        for (int candidate : tries) {
            String skeleton = skeleton(candidate);
            if (skeleton != null && (best == null || skeleton.length() < best.length())) {
                best = skeleton;
            }
        }
        if (best != null) {
            return best;
        }
        String named = smallCapital(folded);
        if (named != null) {
            return named;
        }
        return UNLISTED.getOrDefault(folded, new String(Character.toChars(folded)));
    }

    /**
     * The TS #39 skeleton of a code point, case folded and bare, when it is one or two ASCII letters (also
     * through a small capital or an unlisted look-alike); null otherwise. The skeleton writes "m" as "rn".
     */
    private static String skeleton(int cp) {
        String skeleton = bare(NFKC_CASEFOLD.normalize(CONFUSABLES.getSkeleton(new String(Character.toChars(cp)))));
        if (skeleton.codePointCount(0, skeleton.length()) == 1 && skeleton.codePointAt(0) >= 0x80) {
            int only = skeleton.codePointAt(0);
            String named = smallCapital(only);
            skeleton = named != null ? named : UNLISTED.getOrDefault(only, skeleton);
        }
        skeleton = skeleton.replace("rn", "m");
        if (skeleton.isEmpty() || skeleton.length() > 2) {
            return null;
        }
        for (int i = 0; i < skeleton.length(); i++) {
            char c = skeleton.charAt(i);
            if (c < 'a' || c > 'z') {
                return null;
            }
        }
        return skeleton;
    }

    /** "LATIN LETTER SMALL CAPITAL R" to "r"; null for any other code point. */
    private static String smallCapital(int cp) {
        String name = UCharacter.getName(cp);
        String prefix = "LATIN LETTER SMALL CAPITAL ";
        if (name != null && name.startsWith(prefix) && name.length() == prefix.length() + 1) {
            return String.valueOf(Character.toLowerCase(name.charAt(prefix.length())));
        }
        return null;
    }

    /** Punctuation as its ASCII look-alike: the TS #39 skeleton when it is one ASCII mark, dashes, quotes. */
    private static String asciiMark(int cp) {
        String unlisted = UNLISTED.get(cp);
        if (unlisted != null) {
            return unlisted;
        }
        String skeleton = CONFUSABLES.getSkeleton(new String(Character.toChars(cp)));
        if (skeleton.length() == 1 && skeleton.charAt(0) > 0x20 && skeleton.charAt(0) < 0x7F
                && !Character.isLetterOrDigit(skeleton.charAt(0))) {
            return skeleton;
        }
        if (skeleton.equals("''") || UCharacter.hasBinaryProperty(cp, UProperty.QUOTATION_MARK)) {
            return "\"";
        }
        if (UCharacter.getType(cp) == UCharacter.DASH_PUNCTUATION) {
            return "-";
        }
        return new String(Character.toChars(cp));
    }

    /** {@code s} canonically decomposed with its combining marks and invisible code points dropped. */
    private static String bare(String s) {
        String decomposed = NFD.normalize(s);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(c -> !isInvisible(c)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Squared, negative circled and negative squared Latin capitals and regional indicators (NFKC keeps some). */
    private static String enclosedLetter(int cp) {
        int[][] letterBlocks = {{0x1F130, 0x1F149}, {0x1F150, 0x1F169}, {0x1F170, 0x1F189}, {0x1F1E6, 0x1F1FF}};
        for (int[] block : letterBlocks) {
            if (cp >= block[0] && cp <= block[1]) {
                return String.valueOf((char) ('a' + cp - block[0]));
            }
        }
        return null;
    }
}
