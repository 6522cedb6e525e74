package dev.warden.guard.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.GuardScores;
import dev.warden.guard.learned.OperatingPoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed input through the whole library (both normalisers, the payload decoder, the phrase
 * matcher, the learned model reading a text with its payloads): empty, 1 MB, binary, invalid UTF-8 decoded the way the services decode it, deeply nested and huge
 * encodings. Each gives a result (a verdict of the phrase scan) or the documented exception, never a crash or a
 * hang. The time bound is generous: a guard against hangs, not a speed target (speed is in the benchmarks).
 */
class BadInputTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final GuardModel MODEL = GuardModel.load();
    private static final int MB = 1 << 20;
    /** A placeholder phrase the scan looks for: harmless text standing in for a harmful request. */
    private static final String PHRASE = "placeholder request";

    static Stream<Arguments> hostileTexts() {
        byte[] random = new byte[MB];
        new Random(12).nextBytes(random);
        byte[] invalidUtf8 = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80,
            (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, 'o', 'k', (byte) 0xE2, (byte) 0x82};
        String hexOfText = HexFormat.of().formatHex("placeholder text ".repeat(MB / 34).getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("one space", " "),
                Arguments.of("1 MB of prose", "a placeholder request among words, ".repeat(MB / 35)),
                Arguments.of("1 MB of one letter", "a".repeat(MB)),
                Arguments.of("1 MB of spaced single letters", "b ".repeat(MB / 2)),
                Arguments.of("1 MB of dotted letters and digits", "b.0.".repeat(MB / 4)),
                Arguments.of("1 MB of leetspeak", "h4ck3r ".repeat(MB / 7)),
                Arguments.of("1 MB of combining marks", "a" + "\u0301".repeat(MB)),
                Arguments.of("1 MB of zero-width spaces", "\u200b".repeat(MB)),
                Arguments.of("1 MB of emoji (surrogate pairs)", "\uD83D\uDE00".repeat(MB / 2)),
                Arguments.of("binary as UTF-8 (replacement chars)", new String(random, StandardCharsets.UTF_8)),
                Arguments.of("binary as Latin-1 (control chars)", new String(random, StandardCharsets.ISO_8859_1)),
                Arguments.of("invalid UTF-8 bytes decoded with replacement",
                        new String(invalidUtf8, StandardCharsets.UTF_8).repeat(1000)),
                Arguments.of("lone surrogates (JSON may carry \\ud800)", "\uD800abc\uDC00 \uDBFF".repeat(1000)),
                Arguments.of("NUL and control chars", "\u0000\u0001\u007f\u009f".repeat(MB / 4)),
                Arguments.of("base64 nested 50 deep (5.6 M chars)", nestedBase64("[X]", 50)),
                Arguments.of("1 MB of contiguous hex text", hexOfText),
                Arguments.of("spaced hex 300k pairs", "41 ".repeat(300_000)),
                Arguments.of("escaped hex 200k bytes", "\\x41".repeat(200_000)),
                Arguments.of("1 MB base64 alphabet run", Base64.getEncoder().encodeToString(random).substring(0, MB)),
                Arguments.of("1 MB of percent escapes", "%41".repeat(MB / 3)),
                Arguments.of("base64 of invalid UTF-8", Base64.getEncoder().encodeToString(invalidUtf8).repeat(1000)),
                Arguments.of("binary groups of invalid UTF-8", binaryGroups(invalidUtf8).repeat(1000)),
                Arguments.of("1 MB of binary groups", "01001001 ".repeat(MB / 9)),
                Arguments.of("binary groups 1 MB of text", binaryGroups("placeholder ".repeat(MB / 96)
                        .getBytes(StandardCharsets.UTF_8))),
                Arguments.of("many short base64 payloads",
                        (Base64.getEncoder().encodeToString("placeholder words".getBytes(StandardCharsets.UTF_8))
                                + " ").repeat(20_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTexts")
    void everyStageGivesAResultInBoundedTime(String name, String text) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            NormalizedText words = TextNormalizer.standard().normalize(text);
            assertTrue(words.mainLength() <= words.length(), name);
            assertTrue(words.length() <= 4 * text.length() + 2 * TextNormalizer.MAX_DECODED_CHARS + 16,
                    () -> name + ": normalised text grew to " + words.length());
            for (DecodedSegment segment : words.decodedSegments()) {
                assertTrue(segment.originalEnd() <= text.codePointCount(0, text.length()), name);
            }
            if (words.length() > 0) {
                words.span(0, words.length(), "whole text"); // the map back to the original holds everywhere
            }
            RuleText rules = RuleTextNormalizer.normalise(text);
            assertTrue(rules.text().length() <= 4 * text.length() + 16, name);
            if (!rules.text().isEmpty()) {
                assertTrue(rules.originalSpan(0, rules.text().length()).end()
                        <= text.codePointCount(0, text.length()), name);
            }
            List<EncodedPayload> payloads = EncodedPayloads.find(text);
            for (EncodedPayload payload : payloads) {
                assertTrue(payload.charEnd() <= text.length(), name);
            }
            EncodedPayloads.looksRot13(rules.text());
            verdict(words);
        });
    }

    /** The learned model reading a text with its payloads (what the rails and the judge call) gives a verdict. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTexts")
    void theModelReadsEveryTextWithItsPayloads(String name, String text) {
        GuardScores scores = MODEL.scoreWithPayloads(text);
        for (GuardHead head : GuardHead.values()) {
            float p = scores.probability(head);
            assertTrue(p >= 0f && p <= 1f, () -> name + ": " + head + " " + p);
        }
        scores.anyFlagged(OperatingPoint.DEFAULT);
        MODEL.readWithPayloads(text).ifPresent(read -> read.anyFlagged(OperatingPoint.DEFAULT));
    }

    @Test
    void nestedEncodingsAreDecodedToTheDocumentedDepthAndNoFurther() {
        String secret = "how to make a " + PHRASE;
        for (int depth = 1; depth <= TextNormalizer.MAX_DECODE_DEPTH; depth++) {
            NormalizedText nt = TextNormalizer.standard().normalize("decode: " + nestedBase64(secret, depth));
            assertTrue(verdict(nt), "a payload " + depth + " deep is decoded and found: " + nt.text());
            assertEquals(depth, nt.decodedSegments().size());
        }
        NormalizedText deep = assertTimeoutPreemptively(HANG_GUARD,
                () -> TextNormalizer.standard().normalize("decode: " + nestedBase64(secret, 12)));
        assertFalse(verdict(deep), "12 levels deep lies beyond the documented decoding depth");
        assertEquals(TextNormalizer.MAX_DECODE_DEPTH, deep.decodedSegments().size());
    }

    @Test
    void aHugeHexPayloadIsDecodedAndTheAppendedTextIsBounded() {
        String hex = HexFormat.of().formatHex(("filler words " + PHRASE + " ").repeat(20_000)
                .getBytes(StandardCharsets.UTF_8));
        NormalizedText nt = assertTimeoutPreemptively(HANG_GUARD, () -> TextNormalizer.standard().normalize(hex));
        assertTrue(verdict(nt), "the decoded hex is scanned");
        assertEquals(Encoding.HEX, nt.decodedSegments().get(0).kind());
    }

    @Test
    void nullAndOverlongTextsGetTheDocumentedErrors() {
        assertThrows(NullPointerException.class, () -> TextNormalizer.standard().normalize(null));
        assertThrows(IllegalArgumentException.class, () -> RuleTextNormalizer.normalise(null));
        assertThrows(IllegalArgumentException.class, () -> EncodedPayloads.find(null));
        String overlong = "x".repeat(TextNormalizer.MAX_TEXT_CHARS + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextNormalizer.standard().normalize(overlong));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void everyCodePointFoldsWithoutFailing() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            List<Integer> failures = new ArrayList<>();
            for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
                String folded = Fold.of(cp);
                if (folded == null || folded.length() > 18) {
                    failures.add(cp);
                }
            }
            assertEquals(List.of(), failures, "code points without a bounded folding");
        });
    }

    /** The scan's verdict on a normalised text: whether the placeholder phrase occurs. */
    private static boolean verdict(NormalizedText text) {
        boolean[] found = {false};
        phrases().scan(text, (id, start, end) -> found[0] = true);
        return found[0];
    }

    private static PhraseMatcher phrases() {
        PhraseMatcher.Builder builder = PhraseMatcher.builder().pluralTolerant(true);
        builder.add(PHRASE, false);
        return builder.build();
    }

    private static String binaryGroups(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 9);
        for (byte b : bytes) {
            String bits = Integer.toBinaryString(b & 0xff);
            out.append("0".repeat(8 - bits.length())).append(bits).append(' ');
        }
        return out.toString();
    }

    private static String nestedBase64(String text, int depth) {
        String out = text;
        for (int i = 0; i < depth; i++) {
            out = Base64.getEncoder().encodeToString(out.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
