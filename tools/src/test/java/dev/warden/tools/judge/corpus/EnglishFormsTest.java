package dev.warden.tools.judge.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnglishFormsTest {

    @Test
    void gerundsFollowEnglishSpelling() {
        assertEquals("making a cake", EnglishForms.gerund("make a cake"));
        assertEquals("getting there", EnglishForms.gerund("get there"));
        assertEquals("trafficking goods", EnglishForms.gerund("traffic goods"));
        assertEquals("seeing it", EnglishForms.gerund("see it"));
        assertEquals("dying hair", EnglishForms.gerund("die hair"));
        assertEquals("secretly filming a scene", EnglishForms.gerund("secretly film a scene"));
        assertEquals("killing a process", EnglishForms.gerund("kill a process"));
    }

    @Test
    void personIsSwappedWordByWord() {
        assertEquals("fix your bike, then call me? no: you", EnglishForms.swapPerson("fix my bike, then call you? no: I"));
        assertEquals("hurting yourself", EnglishForms.swapPerson("hurting myself"));
    }

    @Test
    void expanderPicksAlternativesAndTidies() {
        CorpusContent content = CorpusContent.load();
        TextExpander expander = new TextExpander(content);
        String out = expander.expand("(a|b)  {x} ?", Map.of("x", "y"), Split.TRAIN, new SplittableRandom(1),
                new java.util.ArrayList<>());
        assertEquals(true, out.equals("a y?") || out.equals("b y?"), out);
    }

    @Test
    void slotValuesComeFromTheRequestedSplit() {
        CorpusContent content = CorpusContent.load();
        TextExpander expander = new TextExpander(content);
        List<String> heldout = content.items("slots", "slot animal", Split.HELDOUT).stream().map(ContentItem::text).toList();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 50; i++) {
            java.util.List<String> sources = new java.util.ArrayList<>();
            String value = expander.expand("{animal}", Map.of(), Split.HELDOUT, random, sources);
            assertEquals(true, heldout.contains(value), value + " is not a held-out animal");
            assertEquals(1, sources.size());
        }
    }
}
