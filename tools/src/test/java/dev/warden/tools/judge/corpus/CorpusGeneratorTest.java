package dev.warden.tools.judge.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CorpusGeneratorTest {

    private static final GeneratorSettings SMALL = new GeneratorSettings(11L,
            new GeneratorSettings.Counts(60, 60, 100, 600), new GeneratorSettings.Counts(30, 30, 50, 300));

    private static CorpusContent content;
    private static List<LabelledExample> train;
    private static List<LabelledExample> heldout;

    @BeforeAll
    static void generate() {
        content = CorpusContent.load();
        CorpusGenerator generator = new CorpusGenerator(content, SMALL);
        train = generator.generate(Split.TRAIN);
        heldout = generator.generate(Split.HELDOUT);
    }

    @Test
    void sameSeedSameCorpusOtherSeedOtherCorpus() {
        List<String> again = new CorpusGenerator(content, SMALL).generate(Split.TRAIN).stream().map(CorpusJsonl::line).toList();
        assertEquals(train.stream().map(CorpusJsonl::line).toList(), again);
        GeneratorSettings other = new GeneratorSettings(12L, SMALL.train(), SMALL.heldout());
        List<String> different = new CorpusGenerator(content, other).generate(Split.TRAIN).stream().map(CorpusJsonl::line).toList();
        assertNotEquals(again, different);
    }

    /** {@link CorpusGenerator#prompts} is the prompt part of {@link CorpusGenerator#generate}, example for example. */
    @Test
    void promptsAloneAreTheFirstPartOfTheSplit() {
        for (Split split : Split.values()) {
            List<LabelledExample> whole = split == Split.TRAIN ? train : heldout;
            List<String> prompts = new CorpusGenerator(content, SMALL).prompts(split).stream().map(CorpusJsonl::line)
                    .toList();
            assertEquals(whole.stream().filter(e -> e.kind() == ExampleKind.PROMPT).map(CorpusJsonl::line).toList(),
                    prompts);
            assertEquals(whole.subList(0, prompts.size()).stream().map(CorpusJsonl::line).toList(), prompts);
        }
    }

    @Test
    void countsPerCategoryAndKind() {
        for (HazardCategory c : HazardCategory.all()) {
            long harmful = train.stream().filter(e -> e.kind() == ExampleKind.PROMPT && e.group() == PromptGroup.HARMFUL
                    && e.violates(c)).count();
            long lookalikes = train.stream().filter(e -> e.group() == PromptGroup.LOOKALIKE
                    && e.kind() == ExampleKind.PROMPT && e.resembles().contains(c)).count();
            assertTrue(harmful >= 55, c + " has " + harmful + " harmful prompts");
            assertTrue(lookalikes >= 55, c + " has " + lookalikes + " lookalikes");
        }
        assertEquals(600, train.stream().filter(e -> e.kind() == ExampleKind.RESPONSE).count());
    }

    @Test
    void labelsAreConsistent() {
        for (LabelledExample e : concat()) {
            switch (e.group()) {
                case HARMFUL -> assertTrue(e.kind() == ExampleKind.RESPONSE || !e.categories().isEmpty(), e.id());
                case LOOKALIKE -> {
                    assertTrue(e.categories().isEmpty(), e.id());
                    assertFalse(e.resembles().isEmpty(), e.id());
                }
                case BENIGN -> assertTrue(e.categories().isEmpty() && e.resembles().isEmpty(), e.id());
            }
            if (e.kind() == ExampleKind.RESPONSE) {
                assertEquals(e.style() == ResponseStyle.HARMFUL_COMPLIANCE, e.harmful(), e.id());
                assertEquals(e.style().stance(), e.stance(), e.id());
                boolean harmfulPrompt = e.group() == PromptGroup.HARMFUL;
                boolean harmfulStyle = e.style() == ResponseStyle.REFUSAL || e.style() == ResponseStyle.SAFE_COMPLETION
                        || e.style() == ResponseStyle.HARMFUL_COMPLIANCE;
                assertEquals(harmfulPrompt, harmfulStyle, e.id() + " " + e.style() + " answers a " + e.group());
            }
        }
    }

    @Test
    void everySlotAndAlternationIsFilled() {
        for (LabelledExample e : concat()) {
            for (String text : List.of(e.prompt(), e.response())) {
                assertFalse(text.matches("(?s).*\\{[a-z]+}.*"), e.id() + " has an unfilled slot: " + text);
                assertFalse(text.matches("(?s).*\\([^()]*\\|[^()]*\\).*"), e.id() + " has an unpicked alternation: " + text);
            }
        }
    }

    @Test
    void splitsAreBuiltFromDisjointContent() {
        Map<String, Split> splitOf = new HashMap<>();
        for (String file : CorpusContent.FILES) {
            for (ContentSection s : content.sections(file)) {
                s.items().forEach(i -> splitOf.put(i.id(), i.split()));
            }
        }
        for (List<LabelledExample> part : List.of(train, heldout)) {
            for (LabelledExample e : part) {
                assertFalse(e.sources().isEmpty(), e.id());
                for (String source : e.sources()) {
                    assertEquals(e.split(), splitOf.get(source), e.id() + " uses " + source);
                }
            }
        }
        Set<String> trainPrompts = new HashSet<>();
        train.forEach(e -> trainPrompts.add(e.prompt()));
        long shared = heldout.stream().filter(e -> trainPrompts.contains(e.prompt())).count();
        assertEquals(0, shared, "held-out prompts also in train");
    }

    @Test
    void harmfulComplianceUsesOnlyResponsePieces() {
        for (LabelledExample e : concat()) {
            if (e.style() == ResponseStyle.HARMFUL_COMPLIANCE) {
                assertTrue(e.sources().stream().anyMatch(s -> s.startsWith("responses:")), e.id());
                assertFalse(e.response().isBlank(), e.id());
            }
        }
    }

    @Test
    void jsonLinesRoundTrip() {
        for (LabelledExample e : train.subList(0, 200)) {
            assertEquals(e, CorpusJsonl.parse(CorpusJsonl.line(e), "test"));
        }
        EnumSet<PromptGroup> groups = EnumSet.noneOf(PromptGroup.class);
        train.forEach(e -> groups.add(e.group()));
        assertEquals(EnumSet.allOf(PromptGroup.class), groups);
    }

    @Test
    void devFoldSplitsTrainingContentOnly() {
        CorpusContent dev = content.devFold();
        for (String file : CorpusContent.FILES) {
            for (int s = 0; s < content.sections(file).size(); s++) {
                Set<String> trainIds = new HashSet<>();
                content.sections(file).get(s).items(Split.TRAIN).forEach(i -> trainIds.add(i.id()));
                for (ContentItem item : dev.sections(file).get(s).items()) {
                    assertTrue(trainIds.contains(item.id()), item.id() + " is not a training item");
                }
            }
        }
    }

    @Test
    void storyRequestsGetToldStoriesOrPlaceholderStories() {
        int told = 0;
        for (LabelledExample e : concat()) {
            boolean storyRequest = e.sources().stream().anyMatch(s -> s.startsWith("benign:story:")
                    || s.startsWith("harmful:story:"));
            if (e.kind() != ExampleKind.RESPONSE || !storyRequest
                    || (e.style() != ResponseStyle.HELPFUL && e.style() != ResponseStyle.HARMFUL_COMPLIANCE)) {
                continue;
            }
            boolean tells = e.sources().stream().anyMatch(s -> s.startsWith("responses:story-body:"));
            boolean placeholder = e.sources().stream().anyMatch(s -> s.startsWith("responses:story-placeholder:"));
            assertTrue(tells != placeholder, e.id() + " " + e.sources());
            assertTrue(!e.harmful() || placeholder, e.id() + ": harmful compliance tells no story: " + e.response());
            told += tells ? 1 : 0;
        }
        assertTrue(told > 0, "some helpful answers to story requests tell a story");
    }

    private static List<LabelledExample> concat() {
        return java.util.stream.Stream.concat(train.stream(), heldout.stream()).toList();
    }
}
