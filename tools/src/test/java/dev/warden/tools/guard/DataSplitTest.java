package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSplitTest {

    private static SafetyRow row(String source, String local, String category, String text) {
        return new SafetyRow(text, SafetyRow.Label.INJECTION, category, source, source + ":" + local);
    }

    @Test
    void templatedSourcesAreGroupedByTheirAttackOrTemplate() {
        assertEquals("text-train-Information Retrieval-0", GroupKeys.explicitKey(
                row("bipia_indirect_constructed", "text-train-Information Retrieval-0-1-middle", null, "x")));
        assertEquals("goal-hijacking/ignore-print", GroupKeys.explicitKey(
                row("promptinject_constructed", "default-marv|goal-hijacking/ignore-print/hate-humans|8", null, "x")));
        assertEquals("P10", GroupKeys.explicitKey(row("latent_jailbreak", "P10-disabled people-41", null, "x")));
        assertEquals("category:direct/system_mode", GroupKeys.explicitKey(
                row("cyberseceval_prompt_injection", "17", "direct/system_mode", "x")));
        assertEquals(null, GroupKeys.explicitKey(row("gsm8k", "train-1", null, "x")));
    }

    @Test
    void nearCopiesOfAnUntemplatedSourceShareAGroup() {
        String base = "please write a long and detailed story about a dragon who learns to bake bread in the mountains";
        List<SafetyRow> rows = List.of(
                new SafetyRow(base, SafetyRow.Label.BENIGN, null, "s", "s:1"),
                new SafetyRow(base + " with friends", SafetyRow.Label.BENIGN, null, "s", "s:2"),
                new SafetyRow("what is the capital of france and why is it there at all today", SafetyRow.Label.BENIGN,
                        null, "s", "s:3"));
        List<String> groups = GroupKeys.of(rows);
        assertEquals(groups.get(0), groups.get(1));
        assertNotEquals(groups.get(0), groups.get(2));
    }

    @Test
    void theSplitIsDeterministicAndIndependentOfRowOrder() {
        List<SafetyRow> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rows.add(new SafetyRow("question number " + i + " about topic " + (i * 7919 % 1000), SafetyRow.Label.BENIGN,
                    null, "src" + (i % 3), "src" + (i % 3) + ":" + i));
        }
        DataSplit a = DataSplit.of(rows);
        List<SafetyRow> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(3));
        DataSplit b = DataSplit.of(shuffled);
        Map<String, DataSplit.Part> partA = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            partA.put(a.rows().get(i).id(), a.splits().get(i));
        }
        for (int i = 0; i < shuffled.size(); i++) {
            assertEquals(partA.get(b.rows().get(i).id()), b.splits().get(i));
        }
        Map<DataSplit.Part, Integer> counts = a.counts();
        assertTrue(Math.abs(counts.get(DataSplit.Part.TRAIN) - 280) <= 6, counts.toString());
        assertTrue(Math.abs(counts.get(DataSplit.Part.TEST) - 60) <= 6, counts.toString());
    }

    @Test
    void foldsCoverTheChosenPartsEvenlyAndKeepGroupsWhole() {
        List<SafetyRow> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // every third row repeats the previous row's template (an explicit group of two or three rows)
            rows.add(new SafetyRow("question number " + i + " about topic " + (i * 7919 % 1000), SafetyRow.Label.BENIGN,
                    "P" + (i / 3), "latent_jailbreak", "latent_jailbreak:" + i));
        }
        DataSplit split = DataSplit.of(rows);
        int[] folds = split.folds(EnumSet.of(DataSplit.Part.TRAIN, DataSplit.Part.DEV), 5);
        int[] perFold = new int[5];
        Map<String, Integer> foldOfGroup = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (split.splits().get(i) == DataSplit.Part.TEST) {
                assertEquals(-1, folds[i], "a test row got a fold");
                continue;
            }
            perFold[folds[i]]++;
            Integer previous = foldOfGroup.putIfAbsent(split.groups().get(i), folds[i]);
            assertTrue(previous == null || previous == folds[i], "group " + split.groups().get(i) + " crosses folds");
        }
        int inParts = rows.size() - split.counts().get(DataSplit.Part.TEST);
        for (int f : perFold) {
            assertTrue(Math.abs(f - inParts / 5) <= 6, java.util.Arrays.toString(perFold));
        }
        assertThrows(IllegalArgumentException.class, () -> split.folds(EnumSet.of(DataSplit.Part.TRAIN), 1));
    }

    /** The real corpus: no group (template, attack string, near-copy cluster) in two splits. */
    @Test
    void noGroupOfTheSafetyTrainCorpusCrossesSplits() {
        DataSplit split = DataSplit.of(SafetyData.load(SharedData.safetyTrain()));
        Map<String, DataSplit.Part> partOfGroup = new HashMap<>();
        Map<String, Integer> templatedGroups = new HashMap<>();
        for (int i = 0; i < split.rows().size(); i++) {
            String group = split.groups().get(i);
            DataSplit.Part previous = partOfGroup.putIfAbsent(group, split.splits().get(i));
            assertTrue(previous == null || previous == split.splits().get(i), "group " + group + " crosses splits");
            if (GroupKeys.explicitKey(split.rows().get(i)) != null) {
                templatedGroups.merge(split.rows().get(i).source(), 1, Integer::sum);
            }
        }
        // the templated sources really are grouped (far fewer groups than rows), and every part is used
        long latentGroups = partOfGroup.keySet().stream().filter(g -> g.startsWith("latent_jailbreak#")).count();
        assertEquals(13, latentGroups);
        long promptInjectGroups = partOfGroup.keySet().stream().filter(g -> g.startsWith("promptinject_constructed#")).count();
        assertTrue(promptInjectGroups <= 12, "promptinject groups: " + promptInjectGroups);
        for (DataSplit.Part part : DataSplit.Part.values()) {
            assertTrue(split.counts().getOrDefault(part, 0) > 1000, split.counts().toString());
        }
        // every source of at least 10 groups has rows in dev and in test (the BIPIA clean emails are grouped by
        // email, not by their shared bank boilerplate, which chained 62 of the 100 into one group and left dev none)
        Map<String, Set<String>> groupsOfSource = new HashMap<>();
        Map<String, Set<DataSplit.Part>> partsOfSource = new HashMap<>();
        for (int i = 0; i < split.rows().size(); i++) {
            String source = split.rows().get(i).source();
            groupsOfSource.computeIfAbsent(source, s -> new HashSet<>()).add(split.groups().get(i));
            partsOfSource.computeIfAbsent(source, s -> EnumSet.noneOf(DataSplit.Part.class))
                    .add(split.splits().get(i));
        }
        groupsOfSource.forEach((source, groups) -> assertTrue(groups.size() < 10
                || partsOfSource.get(source).size() == 3, source + " (" + groups.size() + " groups) misses a part"));
        assertTrue(groupsOfSource.get(GroupKeys.CLEAN_EMAILS).size() >= 50,
                "clean email groups: " + groupsOfSource.get(GroupKeys.CLEAN_EMAILS).size());
        // and no text of a test row's group appears verbatim in train
        Map<String, DataSplit.Part> partOfText = new HashMap<>();
        for (int i = 0; i < split.rows().size(); i++) {
            DataSplit.Part p = partOfText.putIfAbsent(split.rows().get(i).text(), split.splits().get(i));
            assertTrue(p == null || p == split.splits().get(i));
        }
    }

    @Test
    void loaderReadsTheFormatAndNamesTheBadLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), """
                {"text": "hello", "label": "benign", "category": null, "source": "s", "id": "s:1"}

                {"text": "how to [HARMFUL]", "label": "harmful", "category": "Violence", "source": "strongreject", "id": "strongreject:1"}
                """);
        List<SafetyRow> rows = SafetyData.load(dir);
        assertEquals(2, rows.size());
        assertEquals(SafetyRow.Label.HARMFUL, rows.get(1).label());
        assertEquals(1, CategoryMap.of(rows.get(1)));
        assertEquals(CategoryMap.NONE, CategoryMap.of(rows.get(0)));
        Files.writeString(dir.resolve("b.jsonl"), "{\"text\": \"x\", \"label\": \"spam\", \"source\": \"s\", \"id\": \"s:2\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetyData.load(dir));
        assertTrue(e.getMessage().contains("b.jsonl:1") && e.getMessage().contains("label"), e.getMessage());
    }

    @Test
    void categoriesMapByExactNameOrTopCategory() {
        assertEquals(12, CategoryMap.of("catqa_en", "Adult Content / Erotic text"));
        assertEquals(4, CategoryMap.of("catqa_en", "Child Abuse / Content Sexual exploitation"));
        assertEquals(CategoryMap.NONE, CategoryMap.of("catqa_en", "Child Abuse / Neglect"));
        assertEquals(CategoryMap.NONE, CategoryMap.of("harmfulqa", "Social Sciences / Economics"));
        assertEquals(10, CategoryMap.of("sap_attack_prompts", "race"));
    }
}
