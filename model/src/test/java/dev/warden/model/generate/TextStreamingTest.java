package dev.warden.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextStreamingTest {

    /** Byte-level tokens decoded as UTF-8: a split character decodes to U+FFFD, as real tokenizers do. */
    private static final Detokenizer BYTES = ids -> {
        byte[] bytes = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            bytes[i] = (byte) ids[i];
        }
        return new String(bytes, StandardCharsets.UTF_8);
    };

    @Test
    void multiByteCharactersAreHeldUntilComplete() {
        String text = "héllo € 😀!";
        IncrementalDetokenizer detokenizer = new IncrementalDetokenizer(BYTES);
        StringBuilder streamed = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            String delta = detokenizer.add(b & 0xff);
            assertFalse(delta.contains("\uFFFD"), "delta " + delta);
            streamed.append(delta);
        }
        streamed.append(detokenizer.flush());
        assertEquals(text, streamed.toString());
    }

    @Test
    void anIncompleteCharacterAtTheEndIsFlushedAsReplacement() {
        IncrementalDetokenizer detokenizer = new IncrementalDetokenizer(BYTES);
        assertEquals("a", detokenizer.add('a'));
        assertEquals("", detokenizer.add(0xE2)); // first byte of a three-byte character
        assertEquals("\uFFFD", detokenizer.flush());
        assertEquals("", detokenizer.flush());
    }

    @Test
    void leadingSpacesSurviveATokenizerThatStripsThemAtTheStartOfADecode() {
        String[] pieces = {"▁Hello", "▁wor", "ld", "!"};
        Detokenizer sentencePiece = ids -> {
            StringBuilder s = new StringBuilder();
            for (long id : ids) {
                s.append(pieces[(int) id].replace('▁', ' '));
            }
            return s.length() > 0 && s.charAt(0) == ' ' ? s.substring(1) : s.toString();
        };
        IncrementalDetokenizer detokenizer = new IncrementalDetokenizer(sentencePiece);
        List<String> deltas = new ArrayList<>();
        for (int id = 0; id < pieces.length; id++) {
            deltas.add(detokenizer.add(id));
        }
        assertEquals(List.of("Hello", " wor", "ld", "!"), deltas);
    }

    @Test
    void aStopStringSpanningPiecesIsHeldThenCut() {
        StopStringFilter filter = new StopStringFilter(List.of("END"));
        assertEquals("hello ", filter.append("hello E"));
        assertEquals("", filter.append("N"));
        assertFalse(filter.stopped());
        assertEquals("", filter.append("D and more"));
        assertTrue(filter.stopped());
        assertEquals("hello ", filter.text());
        assertEquals("", filter.finish());
    }

    @Test
    void heldTextIsReleasedWhenItTurnsOutNotToBeAStop() {
        StopStringFilter filter = new StopStringFilter(List.of("END", "\n\n"));
        assertEquals("a", filter.append("aE"));
        assertEquals("", filter.append("N"));
        assertEquals("ENx", filter.append("x"));
        assertEquals("", filter.append("\n"));
        assertEquals("\nb", filter.append("b"));
        assertEquals("", filter.append("E"));
        assertEquals("E", filter.finish()); // the sequence ended for another reason: nothing is withheld
        assertEquals("aENx\nbE", filter.text());
        assertFalse(filter.stopped());
    }

    @Test
    void theEarliestStopWinsAndAStopInsideOnePieceCuts() {
        StopStringFilter filter = new StopStringFilter(List.of("bc", "ab"));
        assertEquals("x", filter.append("xabcd"));
        assertTrue(filter.stopped());
        assertEquals("x", filter.text());
    }
}
