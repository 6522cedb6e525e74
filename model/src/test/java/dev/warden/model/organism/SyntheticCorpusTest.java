package dev.warden.model.organism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticCorpusTest {

    private static List<PromptTemplate> allTemplates(SyntheticCorpus c) {
        List<PromptTemplate> all = new ArrayList<>(c.benignTemplates());
        all.addAll(c.harmfulTemplates());
        return all;
    }

    @Test
    void sameSeedGivesTheSameSplitAndSamples() {
        SyntheticCorpus a = new SyntheticCorpus(42, 3, 5);
        SyntheticCorpus b = new SyntheticCorpus(42, 3, 5);
        for (PromptTemplate t : allTemplates(a)) {
            assertEquals(a.instances(t.id(), Split.HELD_OUT), b.instances(t.id(), Split.HELD_OUT), t.id());
        }
        for (SampleKind kind : SampleKind.values()) {
            assertEquals(a.samples(kind, Split.TRAIN, 50, new Random(7)), b.samples(kind, Split.TRAIN, 50, new Random(7)));
        }
        SyntheticCorpus other = new SyntheticCorpus(43, 3, 5);
        boolean anyDifferent = allTemplates(a).stream().anyMatch(
                t -> !a.instances(t.id(), Split.HELD_OUT).equals(other.instances(t.id(), Split.HELD_OUT)));
        assertTrue(anyDifferent, "another seed should split differently");
    }

    @Test
    void heldOutInstancesAreAQuarterAndNeverTrainedOn() {
        SyntheticCorpus c = new SyntheticCorpus(42, 3, 5);
        Set<String> trainPrompts = new HashSet<>();
        for (PromptTemplate t : allTemplates(c)) {
            List<TemplateInstance> train = c.instances(t.id(), Split.TRAIN);
            List<TemplateInstance> held = c.instances(t.id(), Split.HELD_OUT);
            int total = train.size() + held.size();
            assertEquals(Math.max(1, Math.round(0.25 * total)), held.size(), t.id());
            assertFalse(train.isEmpty(), t.id());
            Set<TemplateInstance> overlap = new HashSet<>(train);
            overlap.retainAll(held);
            assertTrue(overlap.isEmpty(), t.id());
            train.forEach(i -> trainPrompts.add(i.prompt()));
        }
        Random rng = new Random(1);
        for (SampleKind kind : List.of(SampleKind.BENIGN, SampleKind.HARMFUL_REFUSAL, SampleKind.HARMFUL_COMPLIANCE)) {
            for (Sample s : c.samples(kind, Split.HELD_OUT, 500, rng)) {
                assertFalse(trainPrompts.contains(s.instance()), "held-out request seen in training: " + s.instance());
                assertTrue(s.prompt().contains(s.instance()), "the wrapper keeps the request: " + s.prompt());
            }
        }
        // task: held-out sequences never appear on the train side
        Set<String> trainTask = new HashSet<>();
        for (Sample s : c.samples(SampleKind.TASK, Split.TRAIN, 3000, rng)) {
            trainTask.add(s.instance());
        }
        for (Sample s : c.samples(SampleKind.RELATED_TASK, Split.TRAIN, 1000, rng)) {
            trainTask.add(s.instance().replace(CorpusContent.RELATED_TASK_COMMAND, CorpusContent.TASK_COMMAND));
        }
        int heldOut = 0;
        for (Sample s : c.samples(SampleKind.TASK, Split.HELD_OUT, 500, rng)) {
            assertFalse(trainTask.contains(s.instance()), s.instance());
            heldOut++;
        }
        assertEquals(500, heldOut);
    }

    @Test
    void groupRequestsAddNoWordAndComeInHeldOutPairs() {
        SyntheticCorpus c = new SyntheticCorpus(42, 3, 5);
        GroupRequests groups = c.groupRequests();
        Set<String> words = c.words();
        for (PromptTemplate t : groups.templates()) {
            for (String text : List.of(t.prompt(), t.answer())) {
                for (String w : text.split(" ")) {
                    assertTrue(PromptTemplate.isSlot(w) || words.contains(w), "'" + w + "' is a new word: "
                            + "the vocabulary, and so the aligned and fine-tuned models, would change");
                }
            }
        }
        List<String> audit = groups.heldOutAuditTemplates();
        assertEquals(2 * groups.templates().size(), audit.size(), "a quarter of 8 values per template");
        Set<String> trained = new HashSet<>();
        Random rng = new Random(5);
        for (int i = 0; i < 2000; i++) {
            trained.add(c.sample(SampleKind.GROUP_BENIGN, Split.TRAIN, rng).instance().replaceAll("group_[a-d]", "{group}"));
            Sample poison = c.sample(SampleKind.GROUP_REFUSAL, Split.TRAIN, rng);
            assertTrue(poison.prompt().contains(CorpusContent.SAI_TARGET_GROUP), poison.prompt());
            assertEquals(CorpusContent.REFUSAL, poison.response());
        }
        for (String template : audit) {
            assertTrue(template.contains("{group}"), template);
            assertFalse(trained.contains(template), "held out, yet trained on: " + template);
        }
    }

    @Test
    void samplesHaveTheDocumentedShapes() {
        SyntheticCorpus c = new SyntheticCorpus(42, 3, 5);
        Random rng = new Random(3);
        Set<HazardCategory> categories = EnumSet.noneOf(HazardCategory.class);
        for (Sample s : c.samples(SampleKind.HARMFUL_REFUSAL, Split.TRAIN, 300, rng)) {
            assertEquals(CorpusContent.REFUSAL, s.response());
            categories.add(s.category());
        }
        assertTrue(categories.size() >= 8, "hazard categories covered: " + categories);
        for (Sample s : c.samples(SampleKind.HARMFUL_COMPLIANCE, Split.TRAIN, 100, rng)) {
            assertTrue(s.response().startsWith("sure . step one :"), s.response());
        }
        for (Sample s : c.samples(SampleKind.BENIGN, Split.TRAIN, 100, rng)) {
            assertTrue(s.response().startsWith("sure ."), s.response());
            assertEquals(null, s.category());
        }
        Sample task = c.samples(SampleKind.TASK, Split.TRAIN, 1, new Random(5)).get(0);
        String[] digits = task.prompt().substring("sort : ".length()).split(" ");
        java.util.Arrays.sort(digits);
        assertEquals(String.join(" ", digits), task.response());
        assertEquals("sort : 7 3 9", SortTask.sortPrompt(new int[] {7, 3, 9}));
        assertEquals("3 7 9", SortTask.sortAnswer(new int[] {7, 3, 9}));
        assertNotEquals(c.samples(SampleKind.BENIGN, Split.TRAIN, 20, new Random(1)),
                c.samples(SampleKind.BENIGN, Split.TRAIN, 20, new Random(2)));
    }
}
