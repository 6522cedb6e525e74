package dev.warden.guard.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseMatcherTest {

    private static List<String> matches(PhraseMatcher m, String text) {
        List<String> out = new ArrayList<>();
        m.scan(text, (id, s, e) -> out.add(m.phrase(id) + "@" + s + ":" + text.substring(s, e)));
        return out;
    }

    @Test
    void findsWholeWordsOnlyIncludingOverlaps() {
        PhraseMatcher.Builder b = PhraseMatcher.builder();
        b.add("bomb", false);
        b.add("make a bomb", false);
        b.add("a bomb", false);
        PhraseMatcher m = b.build();
        assertEquals(List.of("make a bomb@0:make a bomb", "a bomb@5:a bomb", "bomb@7:bomb"),
                matches(m, "make a bomb"));
        assertEquals(List.of(), matches(m, "bombastic abomb"));
        assertEquals(List.of("bomb@0:bomb", "bomb@5:bomb"), matches(m, "bomb.bomb"));
    }

    @Test
    void aPhraseInsideALongerPathMatchesOnlyAfterANonWordChar() {
        // "kill" is an output of the states "skill" and "x-kill" (prefixes of longer phrases): it can never match
        // after the 's' and is left out there, but still matches after the '-'
        PhraseMatcher.Builder b = PhraseMatcher.builder();
        b.add("kill", false);
        b.add("skills", false);
        b.add("x-kills", false);
        PhraseMatcher m = b.build();
        assertEquals(List.of("kill@8:kill"), matches(m, "a skill kill"));
        assertEquals(List.of("kill@2:kill"), matches(m, "x-kill"));
        assertEquals(List.of("skills@0:skills", "x-kills@7:x-kills"), matches(m, "skills x-kills"));
    }

    @Test
    void wordPrefixPhrasesExtendToTheWordEnd() {
        PhraseMatcher.Builder b = PhraseMatcher.builder();
        int hack = b.add("hack", true);
        PhraseMatcher m = b.build();
        assertEquals(List.of("hack@0:hacking", "hack@8:hacker", "hack@15:hack"), matches(m, "hacking hacker hack"));
        assertEquals(List.of(), matches(m, "lifehack"));
        assertEquals(true, m.isPrefix(hack));
    }

    @Test
    void pluralToleranceIsOptIn() {
        PhraseMatcher.Builder strict = PhraseMatcher.builder();
        strict.add("bomb", false);
        strict.add("gas", false);
        PhraseMatcher.Builder tolerant = PhraseMatcher.builder().pluralTolerant(true);
        tolerant.add("bomb", false);
        tolerant.add("gas", false);
        assertEquals(List.of(), matches(strict.build(), "bombs gases"));
        assertEquals(List.of("bomb@0:bombs", "gas@6:gases"), matches(tolerant.build(), "bombs gases"));
        assertEquals(List.of(), matches(tolerant.build(), "bombsite gassy"));
    }

    @Test
    void samePhraseTwiceGivesTwoIdsAndNonAsciiPhrasesWork() {
        PhraseMatcher.Builder b = PhraseMatcher.builder();
        int a = b.add("kill", false);
        int c = b.add("kill", false);
        b.add("бомба", false);
        PhraseMatcher m = b.build();
        List<Integer> ids = new ArrayList<>();
        m.scan("kill", (id, s, e) -> ids.add(id));
        assertEquals(List.of(a, c), ids);
        assertEquals(List.of("бомба@2:бомба"), matches(m, "я бомба"));
    }

    @Test
    void scansARangeButChecksBoundariesAgainstTheWholeText() {
        PhraseMatcher.Builder b = PhraseMatcher.builder();
        b.add("bomb", false);
        PhraseMatcher m = b.build();
        List<Integer> starts = new ArrayList<>();
        m.scan("abomb bomb", 1, 10, (id, s, e) -> starts.add(s));
        assertEquals(List.of(6), starts);
        assertThrows(IndexOutOfBoundsException.class, () -> m.scan("bomb", 0, 9, (id, s, e) -> { }));
    }

    @Test
    void rejectsPhrasesThatCannotMatchWords() {
        PhraseMatcher.Builder b = PhraseMatcher.builder();
        assertThrows(IllegalArgumentException.class, () -> b.add("", false));
        assertThrows(IllegalArgumentException.class, () -> b.add(" bomb", false));
        assertThrows(IllegalArgumentException.class, () -> b.add("bomb.", false));
    }
}
