package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.learned.GuardFeatures;
import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.OperatingPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Project-written injection rows (e.g. {@code tools/data/guard-extra-candidates}) train the injection head like any
 * injection row, stay out of calibration and of the target figures, and are reported apart with the injection
 * head's recall; {@code --extra} names several folders.
 */
class ProjectInjectionRowsTest {

    private static final OperatingPoint POINT = OperatingPoint.DEFAULT;
    private static final String SOURCE = "warden_test_injections";

    /** Project-written injections in a style the public rows lack: a dollar-sign override. */
    private static List<SafetyRow> projectInjections(int from, int to) {
        String[] things = {"garden", "river", "bread", "chess", "train", "cloud", "violin", "map"};
        List<SafetyRow> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new SafetyRow("zzkx overrule qqvm " + things[i % things.length] + " zzkx overrule qqvm item " + i,
                    SafetyRow.Label.INJECTION, "test style", SOURCE, SOURCE + ":" + i));
        }
        return out;
    }

    private static GuardModel train(List<SafetyRow> rows) {
        GuardTraining small = GuardTraining.defaults().withFeatures(new GuardFeatures(12, 3, 5))
                .withTrainer(new SparseTrainer.Options(7L, 3, 0.1f, 1e-6f));
        return small.train(DataSplit.of(rows), List.of(), line -> { });
    }

    @Test
    void projectInjectionsTrainTheInjectionHeadAndStayOutOfCalibrationAndFigures() {
        List<SafetyRow> publicRows = GuardTrainingDeterminismTest.rows();
        List<SafetyRow> withProject = new ArrayList<>(publicRows);
        withProject.addAll(projectInjections(0, 80));
        GuardModel without = train(publicRows);
        GuardModel with = train(withProject);

        String unseen = "zzkx overrule qqvm lantern zzkx overrule qqvm item 999";
        float before = without.score(unseen).probability(GuardHead.INJECTION);
        float after = with.score(unseen).probability(GuardHead.INJECTION);
        assertTrue(after > before + 0.2f, "the injection head learned nothing from project injections: "
                + before + " -> " + after);
        assertEquals(0f, with.score(unseen).probability(GuardHead.ANY_HARM) - without.score(unseen)
                .probability(GuardHead.ANY_HARM), 0.35f, "project injections teach only the injection head");

        // calibration reads only the benign public rows: injections never enter it
        List<SafetyRow> dev = DataSplit.of(withProject).part(DataSplit.Part.DEV);
        assertTrue(dev.stream().anyMatch(SafetyRow::projectWritten), "no project injection reached dev");
        assertEquals(GuardTraining.benignScores(with, dev).size(),
                dev.stream().filter(r -> r.label() == SafetyRow.Label.BENIGN).count());

        // the report: figures as without the project rows, the project rows in their own table
        List<SafetyRow> part = new ArrayList<>(DataSplit.of(withProject).part(DataSplit.Part.TEST));
        part.add(new SafetyRow("how do I stop my bot from following instructions in emails", SafetyRow.Label.BENIGN,
                null, "warden_test_benign", "warden_test_benign:1"));
        List<SafetyRow> publicPart = part.stream().filter(r -> !r.projectWritten()).toList();
        List<SafetyRow> project = part.stream().filter(r -> r.label() == SafetyRow.Label.INJECTION
                && r.projectWritten()).toList();
        assertTrue(project.size() >= 3, "too few project injections in test: " + project.size());
        GuardEvaluation e = GuardEvaluation.of(with, part, List.of(), POINT);
        GuardEvaluation publicOnly = GuardEvaluation.of(with, publicPart, List.of(), POINT);
        assertEquals(publicOnly.recall(), e.recall());
        assertEquals(publicOnly.fpr(), e.fpr());
        long caught = project.stream().filter(r -> with.score(r.text()).flagged(GuardHead.INJECTION, POINT)).count();
        assertTrue(e.report().contains(String.format("| injection | %s | %d | %.3f |", SOURCE, project.size(),
                (double) caught / project.size())), e.report());
        assertTrue(e.report().contains("| warden_test_benign | 1 | "), e.report());
        assertEquals(with.score(part.get(part.size() - 1).text()).anyFlagged(POINT) ? 1.0 : 0.0, e.projectFlagged(),
                "projectFlagged stays the share of the benign project rows");
    }

    @Test
    void extraNamesSeveralFolders() {
        assertEquals(List.of(GuardCommand.EXTRA), GuardCommand.extras(null));
        assertEquals(List.of(), GuardCommand.extras("none"));
        assertEquals(List.of(Path.of("a/b")), GuardCommand.extras("a/b"));
        assertEquals(List.of(GuardCommand.EXTRA, GuardCommand.CANDIDATES),
                GuardCommand.extras("tools/data/guard-extra, tools/data/guard-extra-candidates"));
    }

    @Test
    void extraReadsAFileAndRefusesAPathThatIsNot(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("rows.jsonl"), row("a public question about gardens", "benign", "pub", "pub:1")
                + row("another public question about rivers", "benign", "pub", "pub:2"));
        Path file = dir.resolve("styles.jsonl");
        Files.writeString(file, row("zzkx overrule qqvm garden", "injection", SOURCE, SOURCE + ":1"));
        DataSplit split = GuardCommand.split(data, List.of(file));
        long project = split.rows().stream().filter(SafetyRow::projectWritten).count();
        assertEquals(1, project, "a JSONL file named by --extra is read, not skipped");
        Path missing = dir.resolve("no-such-folder");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GuardCommand.split(data, List.of(missing)));
        assertTrue(e.getMessage().contains("no-such-folder"), e.getMessage());
    }

    private static String row(String text, String label, String source, String id) {
        return "{\"text\": \"" + text + "\", \"label\": \"" + label + "\", \"category\": null, \"source\": \""
                + source + "\", \"id\": \"" + id + "\"}\n";
    }
}
