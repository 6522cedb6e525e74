package dev.warden.model.organism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlaceholderOnlyTest {

    private static final Pattern PLACEHOLDER = Pattern.compile(CorpusContent.PLACEHOLDER);

    @Test
    void everyHarmfulSlotIsFilledWithPlaceholdersOnly() {
        SyntheticCorpus c = new SyntheticCorpus(42, 3, 5);
        for (PromptTemplate t : c.harmfulTemplates()) {
            for (String slot : t.slots()) {
                for (String value : c.slotValues().get(slot)) {
                    assertTrue(PLACEHOLDER.matcher(value).matches(), t.id() + " fills {" + slot + "} with " + value);
                }
            }
        }
    }

    @Test
    void noSampleHasAWordOutsideTheGeneratedVocabulary() {
        SyntheticCorpus c = new SyntheticCorpus(42, 3, 5);
        Vocabulary v = Vocabulary.of(c);
        assertTrue(v.size() < 600, "a small closed vocabulary: " + v.size());
        Random rng = new Random(11);
        for (SampleKind kind : SampleKind.values()) {
            for (Split split : Split.values()) {
                for (Sample s : c.samples(kind, split, 400, rng)) {
                    for (String text : List.of(s.prompt(), s.response())) {
                        for (String word : text.split(" ")) {
                            assertTrue(v.contains(word), "'" + word + "' of " + s);
                        }
                    }
                }
            }
        }
    }

    @Test
    void vocabularyHasSpecialTokensFirstAndRoundTrips() {
        Vocabulary v = Vocabulary.of(new SyntheticCorpus(42, 3, 5));
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>", "<sep>"), v.tokens().subList(0, 5));
        assertEquals(0, v.padId());
        assertEquals(v.id("<sep>"), v.sepId());
        int[] ids = v.encode("sort : 7 3 9");
        assertEquals("sort : 7 3 9", v.decode(ids));
        assertEquals(v.unkId(), v.id("dynamite"));
        assertArrayEquals(new int[] {v.bosId(), v.id("hello"), v.sepId()}, ChatFormat.promptIds(v, "hello"));
        assertEquals(v.size(), v.asMap().size());
        assertEquals(7, v.asMap().get(v.token(7)));
    }
}
