package dev.warden.guard.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextNormalizerTest {

    private static String norm(String s) {
        return TextNormalizer.withoutDecoding().normalize(s).text();
    }

    @Test
    void lowerCasesAndCollapsesSeparators() {
        assertEquals("how to make a bomb", norm("  How   TO\tmake,  a   BOMB!!  "));
    }

    @Test
    void sentenceEndsBecomeOneBoundaryDot() {
        assertEquals("stop.then go", norm("Stop.  Then go"));
        assertEquals("what.why", norm("What?! Why"));
        assertEquals("bomb making", norm("bomb.making"));
    }

    @ParameterizedTest
    @CsvSource({
        "h0w t0 m4k3 a b0mb, how to make a bomb",
        "k1ll y0urs3lf, kill yourself",
        "p@ssw0rd, password",
        "ca$h, cash",
        "k!ll, kill",
        "m3th, meth",
    })
    void undoesLeetspeakInsideWords(String in, String out) {
        assertEquals(out, norm(in));
    }

    @ParameterizedTest
    @CsvSource({
        "'version 3 of the app, released 2024', version 3 of the app released 2024",
        "'it costs 1.5 or 2,000 dollars', 'it costs 1.5 or 2,000 dollars'",
        "'an mp3 at 320 kbps on win10', an mp3 at 320 kbps on win10",
        "'c4 and 3d printing', c4 and 3d printing",
    })
    void keepsOrdinaryNumbers(String in, String out) {
        assertEquals(out, norm(in));
    }

    @ParameterizedTest
    @CsvSource({
        "b o m b, bomb",
        "b.o.m.b, bomb",
        "b-o-m-b, bomb",
        "b_o_m_b, bomb",
        "b * o * m * b, bomb",
        "'make a b o m b now', make a bomb now",
        "'b 0 m b', bomb",
    })
    void joinsSpacedOutLetters(String in, String out) {
        assertEquals(out, norm(in));
    }

    @Test
    void keepsShortLetterPairsAndListsApart() {
        assertEquals("a b", norm("a b"));
        assertEquals("x y z", norm("x, y, z"));
    }

    @Test
    void dropsInvisibleAndFormatCharacters() {
        // zero-width space, zero-width joiner/non-joiner, word joiner, soft hyphen, BOM, bidi override
        assertEquals("bomb", norm("b\u200Bo\u200Cm\u200Db"));
        assertEquals("bomb", norm("bo\u2060m\u00ADb"));
        assertEquals("bomb", norm("\uFEFFb\u202Eomb\u202C"));
        // variation selector and Unicode tag characters (U+E0062 ...)
        assertEquals("bomb", norm("bo\uFE0Fmb"));
        assertEquals("bomb", norm("bo" + new String(Character.toChars(0xE0062)) + "mb"));
        // Hangul filler used as an invisible space
        assertEquals("bomb", norm("bo\u3164mb"));
    }

    @Test
    void mapsConfusablesToLatin() {
        // Cyrillic а, е, о, р, с, х and Greek ο, ν, α in Latin words
        assertEquals("poison", norm("\u0440\u043Ei\u0455\u03BF\u0578"));
        assertEquals("explosive", norm("\u0435x\u0440l\u043Esi\u03BD\u0435"));
        assertEquals("bomb", norm("\u0412\u041E\u041C\u0412")); // Cyrillic capitals ВОМВ
    }

    @Test
    void nfkcFoldsFullwidthMathAndEnclosedForms() {
        assertEquals("bomb", norm("\uFF42\uFF4F\uFF4D\uFF42"));
        assertEquals("bomb", norm("\uD835\uDC1B\uD835\uDC28\uD835\uDC26\uD835\uDC1B"));
        assertEquals("bomb", norm("\u24B7\u24C4\u24C2\u24B7"));
        assertEquals("bomb", norm("\uD83C\uDD31\uD83C\uDD3E\uD83C\uDD3C\uD83C\uDD31"));
        assertEquals("bomb", norm("\u0299\u1D0F\u1D0D\u0299")); // small capitals
    }

    @Test
    void foldsAccentsAndZalgo() {
        assertEquals("cafe naive", norm("Caf\u00E9 na\u00EFve"));
        assertEquals("bomb", norm("b\u0337o\u0337m\u0337b\u0337"));
        assertEquals("bomb", norm("b\u0301\u0302\u0303omb"));
    }

    @Test
    void dropsApostrophesInsideWords() {
        assertEquals("i cant and wont", norm("I can't and won\u2019t"));
    }

    @Test
    void emptyAndSeparatorOnlyTextsNormaliseToNothing() {
        assertEquals("", norm(""));
        assertEquals("", norm(" \n\t.,!? \u200B "));
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> TextNormalizer.standard().normalize(null));
    }

    @Test
    void normalisationIsIdempotent() {
        String once = norm("H0w t0 m4k3 a B.O.M.B, \u0441\u0430f\u00E9 \uFF42omb");
        assertEquals(once, norm(once));
    }

    @Test
    void largeInputsGrowTheBuffers() {
        String big = "b\u200Bomb \uD835\uDC1B ".repeat(5_000);
        NormalizedText nt = TextNormalizer.standard().normalize(big);
        assertTrue(nt.text().startsWith("bomb b bomb b"), nt.text().substring(0, 20));
        // the last normalised char is the last math-bold b, just before the final space
        assertEquals(big.codePointCount(0, big.length()) - 1, nt.originalEnd(nt.length() - 1));
    }
}
