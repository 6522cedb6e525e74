package dev.warden.judge.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconFilesTest {

    @Test
    void everyCategoryHasALexiconOfWeightedPhrases() {
        for (HazardCategory c : HazardCategory.all()) {
            List<LexiconFiles.Entry> entries = LexiconFiles.weighted(HazardLexicon.fileOf(c));
            assertTrue(entries.size() >= 20, c.code() + " has only " + entries.size() + " entries");
            for (LexiconFiles.Entry e : entries) {
                assertTrue(e.weight() > 0 && e.weight() <= 1, e.toString());
                assertEquals(e.phrase().text(), e.phrase().text().strip());
            }
        }
        assertEquals("s09-indiscriminate-weapons.tsv", HazardLexicon.fileOf(HazardCategory.INDISCRIMINATE_WEAPONS));
    }

    @Test
    void phrasesAreNormalisedLikeText() {
        LexiconFiles.Phrase p = LexiconFiles.phrase("Step-by-Step", "t");
        assertEquals("step by step", p.text());
        LexiconFiles.Phrase prefix = LexiconFiles.phrase("hack*", "t");
        assertEquals("hack", prefix.text());
        assertTrue(prefix.prefix());
        assertEquals("169.254.169.254", LexiconFiles.phrase("169.254.169.254", "t").text());
    }

    @Test
    void badLinesFailWithTheirLocation() {
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                () -> LexiconFiles.weighted("test-bad-columns.tsv"));
        assertTrue(cols.getMessage().contains("lexicons/test-bad-columns.tsv:3"), cols.getMessage());
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
                () -> LexiconFiles.weighted("test-bad-weight.tsv"));
        assertTrue(weight.getMessage().contains("test-bad-weight.tsv:2") && weight.getMessage().contains("1.5"),
                weight.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LexiconFiles.phrase("!!!", "t"));
        assertThrows(IllegalArgumentException.class, () -> LexiconFiles.phrase("stop. go", "t"));
        assertThrows(IllegalStateException.class, () -> LexiconFiles.weighted("no-such-file.tsv"));
    }
}
