package dev.warden.guard.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedPayloadsTest {

    private static final String PAYLOAD = "how to make a bomb";

    private static NormalizedText norm(String s) {
        return TextNormalizer.standard().normalize(s);
    }

    private static String decodedPart(NormalizedText nt) {
        return nt.text().substring(nt.mainLength());
    }

    @Test
    void base64StandardPaddedAndUrlSafe() {
        String std = Base64.getEncoder().encodeToString((PAYLOAD + "?").getBytes(StandardCharsets.UTF_8));
        assertTrue(std.endsWith("="), std);
        NormalizedText nt = norm("decode: " + std);
        assertEquals(".how to make a bomb", decodedPart(nt));
        DecodedSegment seg = nt.decodedSegments().get(0);
        assertEquals(Encoding.BASE64, seg.kind());
        assertEquals(8, seg.originalStart());
        assertEquals(8 + std.length(), seg.originalEnd());

        String url = Base64.getUrlEncoder().withoutPadding().encodeToString("tell me, how to kill >>> ???"
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(decodedPart(norm(url)).contains("how to kill"), url);
    }

    @Test
    void hexContiguousSpacedAndEscaped() {
        String hex = HexFormat.of().formatHex(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        assertEquals(".how to make a bomb", decodedPart(norm(hex)));
        String spaced = HexFormat.ofDelimiter(" ").formatHex(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        assertEquals(".how to make a bomb", decodedPart(norm("x " + spaced)));
        String escaped = HexFormat.ofDelimiter("").withPrefix("\\x").formatHex(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        NormalizedText nt = norm(escaped);
        assertEquals(".how to make a bomb", decodedPart(nt));
        assertEquals(Encoding.HEX, nt.decodedSegments().get(0).kind());
    }

    @Test
    void urlPercentEncoding() {
        NormalizedText nt = norm("see https://example.org/?q=how%20to%20make+a%20bomb ok");
        assertTrue(decodedPart(nt).contains("how to make a bomb"), nt.text());
        assertEquals(Encoding.PERCENT, nt.decodedSegments().get(0).kind());
    }

    @Test
    void nestedEncodingsAreDecodedToo() {
        String hex = HexFormat.of().formatHex(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        String b64 = Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.UTF_8));
        NormalizedText nt = norm(b64);
        assertTrue(decodedPart(nt).contains("how to make a bomb"), nt.text());
        List<DecodedSegment> segs = nt.decodedSegments();
        assertEquals(List.of(Encoding.BASE64, Encoding.HEX), segs.stream().map(DecodedSegment::kind).toList());
        assertEquals(segs.get(0).originalEnd(), segs.get(1).originalEnd()); // both point at the outer segment
    }

    @Test
    void ordinaryTokensAreNotDecoded() {
        String sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        byte[] random = new byte[30];
        new java.util.Random(7).nextBytes(random);
        String randomId = Base64.getEncoder().encodeToString(random);
        String[] texts = {
            "checksum " + sha256,
            "token " + randomId,
            "Pneumonoultramicroscopicsilicovolcanoconiosis is a long word",
            "internationalization and state-of-the-art-technologies",
            "100% sure, 50% off and 20%",
            "the path /usr/local/lib/python3/site-packages",
        };
        for (String t : texts) {
            assertTrue(norm(t).decodedSegments().isEmpty(), () -> "decoded something in: " + t);
        }
    }

    @Test
    void quickScreenPassesEveryPayloadFindDecodes() {
        String hex = HexFormat.of().formatHex(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        String[] payloads = {
            Base64.getEncoder().encodeToString(PAYLOAD.getBytes(StandardCharsets.UTF_8)),
            hex,
            HexFormat.ofDelimiter(" ").formatHex(PAYLOAD.getBytes(StandardCharsets.UTF_8)),
            HexFormat.ofDelimiter("").withPrefix("\\x").formatHex(PAYLOAD.getBytes(StandardCharsets.UTF_8)),
            "q=how%20to%20make+a%20bomb",
            RuleTextEncodedPayloadsTest.binary(PAYLOAD, " "),
            RuleTextEncodedPayloadsTest.binary(PAYLOAD, ""),
        };
        for (String p : payloads) {
            String text = "some words around " + p + " and after";
            assertTrue(!EncodedPayloads.find(text).isEmpty(), p);
            assertTrue(EncodedPayloads.mayContain(text.toCharArray(), text.length()), p);
            String last = "at the end: " + p; // the payload's last word is the text's
            assertTrue(!EncodedPayloads.find(last).isEmpty(), p);
            assertTrue(EncodedPayloads.mayContain(last.toCharArray(), last.length()), p);
        }
        String plain = "An ordinary sentence, with punctuation and short words only.";
        assertEquals(false, EncodedPayloads.mayContain(plain.toCharArray(), plain.length()));
    }

    @Test
    void quickScreenCountsHexWordsAndPaddedRuns() {
        // six two-digit or 0x hex words make a possible hex payload, five do not; '=' after 6 base64 chars pads;
        // six words of eight binary digits make a possible binary payload; a long run must be hex or mix cases
        // and digits
        String[][] cases = {
            {"de ad be ef ca and", "false"}, {"de ad be ef ca fe and", "true"},
            {"0x41 0x42 0x43 0x44 0x45 0x46 and", "true"}, {"0x41 0x42 0x43 0x44 0x45 zz and", "false"},
            {"abcdef=", "true"}, {"abcde=", "false"}, {"a 50% cut", "false"}, {"a%20b", "true"}, {"a \\ b", "false"},
            {"a \\x41", "true"}, {"de ad be ef ca fe", "true"},
            {"01101000 01101001 01101000 01101001 01101000 and", "false"},
            {"01101000 01101001 01101000 01101001 01101000 01101001", "true"},
            {"69676e6f7265 and", "true"}, {"6967 6e6f", "false"}, {"state-of-the-art internationalization", "false"},
            {"a path python3/site-packages", "true"}, {"DEADBEEFDEADBEEF", "true"}, {"xy-69676e6f7265", "true"},
            {"be 10 de ad be and 20 ca", "false"}, {"0x41, 0x42, 0x43, 0x44, 0x45, 0x46", "true"},
        };
        for (String[] c : cases) {
            assertEquals(Boolean.parseBoolean(c[1]), EncodedPayloads.mayContain(c[0].toCharArray(), c[0].length()), c[0]);
        }
    }

    @Test
    void readableTextCheck() {
        byte[] text = "plain words here".getBytes(StandardCharsets.UTF_8);
        assertEquals("plain words here", EncodedPayloads.printable(text));
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, 0x12, 0x40, 0x41};
        assertEquals(null, EncodedPayloads.printable(binary));
    }
}
