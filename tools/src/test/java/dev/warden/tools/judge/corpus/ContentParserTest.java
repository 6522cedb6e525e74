package dev.warden.tools.judge.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentParserTest {

    private static final String FILE = """
            # a comment
            [howto S1,S10]
            one
            two

            three
            four
            five
            [slot person]
            a
            b
            c
            d\\nnext line
            """;

    @Test
    void parsesSectionsCategoriesAndLineBreaks() {
        List<ContentSection> sections = ContentParser.parse("harmful", FILE);
        assertEquals(2, sections.size());
        ContentSection howto = sections.get(0);
        assertEquals("howto", howto.kind());
        assertEquals(Set.of(HazardCategory.VIOLENT_CRIMES, HazardCategory.HATE), howto.categories());
        assertEquals(List.of("one", "two", "three", "four", "five"), howto.items().stream().map(ContentItem::text).toList());
        assertEquals("harmful:howto:S1,S10:0", howto.items().get(0).id());
        ContentSection slot = sections.get(1);
        assertEquals("slot person", slot.key());
        assertTrue(slot.categories().isEmpty());
        assertEquals("d\nnext line", slot.items().get(3).text());
    }

    @Test
    void everyFourthItemIsHeldOut() {
        ContentSection howto = ContentParser.parse("harmful", FILE).get(0);
        assertEquals(List.of("four"), howto.items(Split.HELDOUT).stream().map(ContentItem::text).toList());
        assertEquals(4, howto.items(Split.TRAIN).size());
    }

    @Test
    void rejectsSmallSectionsUnknownCodesAndOrphanItems() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> ContentParser.parse("f", "[ask]\na\nb\nc\n"));
        assertTrue(small.getMessage().contains("has 3 items"), small.getMessage());
        IllegalArgumentException code = assertThrows(IllegalArgumentException.class,
                () -> ContentParser.parse("f", "[ask S15]\na\nb\nc\nd\n"));
        assertTrue(code.getMessage().contains("S15"), code.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ContentParser.parse("f", "orphan\n[ask]\na\nb\nc\nd\n"));
    }

    @Test
    void placeholderLinesAreItemsNotHeaders() {
        List<ContentSection> sections = ContentParser.parse("responses", "[write-body]\n[TEXT OMITTED]\nb\nc\nd\n");
        assertEquals(1, sections.size());
        assertEquals("[TEXT OMITTED]", sections.get(0).items().get(0).text());
    }
}
