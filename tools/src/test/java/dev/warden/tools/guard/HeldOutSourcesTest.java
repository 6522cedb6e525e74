package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.guard.learned.GuardModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leave-source-out ({@code train-guard --hold-out}, {@code unseen-sources}) on a small synthetic corpus (placeholder
 * texts in a temporary folder): a held-out source's rows are neither trained nor calibrated on (the weights and
 * thresholds are byte for byte those of a training on the data without them, and differ from a training with them)
 * and are reported apart, every row of theirs; an unknown source is a usage error naming the known ones; BIPIA's clean
 * emails go with its constructed injections; the folds pair attack and benign sources deterministically.
 */
class HeldOutSourcesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SMALL = {"--corpus", "none", "--extra", "none", "--bits", "12", "--epochs", "2",
        "--orders", "1"};

    @Test
    void aHeldOutSourceIsNeitherTrainedNorCalibratedOnAndIsReported(@TempDir Path dir) throws IOException {
        List<SafetyRow> rows = rows();
        Path all = write(dir.resolve("all"), rows);
        Path without = write(dir.resolve("without"), rows.stream()
                .filter(r -> !Set.of("harm_src", "benign_two").contains(r.source())).toList());

        String held = run(0, "train", "--data", all.toString(), "--out", dir.resolve("held").toString(), "--hold-out",
                "harm_src,benign_two");
        run(0, "train", "--data", without.toString(), "--out", dir.resolve("none").toString());
        run(0, "train", "--data", all.toString(), "--out", dir.resolve("with").toString());

        byte[] heldWeights = Files.readAllBytes(dir.resolve("held").resolve(GuardModel.WEIGHTS));
        assertArrayEquals(Files.readAllBytes(dir.resolve("none").resolve(GuardModel.WEIGHTS)), heldWeights,
                "holding out should train exactly as on the data without those sources");
        assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("with").resolve(GuardModel.WEIGHTS)), heldWeights),
                "the held-out rows should have changed the weights had they been trained on");
        assertEquals(points(dir.resolve("none")), points(dir.resolve("held")),
                "the held-out benign rows should not be in the calibration");
        assertTrue(held.contains("held out (never trained or calibrated on): 120 rows of benign_two, harm_src"), held);
        assertTrue(held.contains("held-out sources (never trained or calibrated on)"), held);
        assertTrue(held.contains("| harm_src | harmful | 60 | "), "every row of all parts is reported: " + held);
        assertTrue(held.contains("| benign_two | benign | 60 | "), held);
    }

    @Test
    void anUnknownSourceIsAUsageErrorListingTheKnownOnes(@TempDir Path dir) throws IOException {
        Path all = write(dir.resolve("all"), rows());
        String err = runErr(2, "train", "--data", all.toString(), "--out", dir.resolve("m").toString(), "--hold-out",
                "harm_src,no_such_src");
        assertTrue(err.contains("unknown source 'no_such_src'"), err);
        assertTrue(err.contains("known sources: benign_src, benign_two, harm_src, inj_src, jb_src"), err);
        assertFalse(Files.exists(dir.resolve("m")), "nothing should be trained");
        String shipped = runErr(2, "train", "--data", all.toString(), "--hold-out", "harm_src");
        assertTrue(shipped.contains("give --out DIR"), shipped);
    }

    @Test
    void bipiaEmailsGoWithTheirInjectionsAndFoldsPairDeterministically() {
        List<SafetyRow> rows = new ArrayList<>(rows());
        for (int i = 0; i < 25; i++) {
            rows.add(new SafetyRow("question " + i + "\n\nemail body " + i, SafetyRow.Label.BENIGN, null,
                    GroupKeys.CLEAN_EMAILS, GroupKeys.CLEAN_EMAILS + ":" + i));
            rows.add(new SafetyRow("email " + i + " [INJECTED INSTRUCTION]", SafetyRow.Label.INJECTION, null,
                    CleanContexts.SOURCE, CleanContexts.SOURCE + ":a-" + i + "-c-p"));
        }
        assertEquals(Set.of(CleanContexts.SOURCE, GroupKeys.CLEAN_EMAILS),
                HeldOutSources.resolve(List.of(CleanContexts.SOURCE), rows));
        assertEquals(Set.of(CleanContexts.SOURCE, GroupKeys.CLEAN_EMAILS),
                HeldOutSources.resolve(List.of(GroupKeys.CLEAN_EMAILS), rows));
        assertThrows(IllegalArgumentException.class, () -> HeldOutSources.resolve(List.of("nope"), rows));

        List<UnseenSources.Fold> folds = UnseenSources.folds(rows, UnseenSources.MIN_ROWS);
        Map<String, String> pairing = new LinkedHashMap<>();
        folds.forEach(f -> pairing.put(f.attack(), f.benign()));
        // attack sources by label (harmful, jailbreak, injection), then name; benign round-robin by name
        assertEquals(List.of("harm_src", "jb_src", CleanContexts.SOURCE, "inj_src"), List.copyOf(pairing.keySet()));
        assertEquals(List.of("benign_src", "benign_two", "benign_src", "benign_two"), List.copyOf(pairing.values()));
        assertEquals(Set.of(CleanContexts.SOURCE, GroupKeys.CLEAN_EMAILS, "benign_src"), folds.get(2).heldOut());
        java.util.Collections.reverse(rows);
        assertEquals(folds, UnseenSources.folds(rows, UnseenSources.MIN_ROWS), "the pairing depends on the rows only");
    }

    /** The synthetic rows of {@link GuardTrainingDeterminismTest#rows()} and a second benign source. */
    private static List<SafetyRow> rows() {
        List<SafetyRow> out = new ArrayList<>(GuardTrainingDeterminismTest.rows());
        String[] things = {"a kettle", "a bicycle", "a garden hose", "a bookshelf", "a tent", "a lamp"};
        for (int i = 0; i < 60; i++) {
            out.add(new SafetyRow("how do i fix " + things[i % things.length] + " model " + i + " at home",
                    SafetyRow.Label.BENIGN, null, "benign_two", "benign_two:" + i));
        }
        return out;
    }

    private static Path write(Path folder, List<SafetyRow> rows) throws IOException {
        Files.createDirectories(folder);
        StringBuilder out = new StringBuilder();
        for (SafetyRow r : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("text", r.text());
            m.put("label", r.label().json());
            m.put("category", r.category());
            m.put("source", r.source());
            m.put("id", r.id());
            out.append(JSON.writeValueAsString(m)).append('\n');
        }
        Files.writeString(folder.resolve("rows.jsonl"), out.toString());
        return folder;
    }

    /** The model's metadata file (operating points, records) without its training time. */
    private static String points(Path model) throws IOException {
        return Files.readString(model.resolve(GuardModel.METADATA)).replaceAll("\"seconds\"\\s*:\\s*[0-9.]+", "");
    }

    /** Runs a subcommand with the small settings; returns its standard output, checking the exit code. */
    private static String run(int exit, String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            int code = GuardCommand.commandLine().execute(withSmall(args));
            assertEquals(exit, code, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** Runs a subcommand expecting a usage error; returns its error output. */
    private static String runErr(int exit, String... args) {
        StringWriter err = new StringWriter();
        PrintStream saved = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code = GuardCommand.commandLine().setErr(new PrintWriter(err)).execute(withSmall(args));
            assertEquals(exit, code, err.toString());
        } finally {
            System.setOut(saved);
        }
        return err.toString();
    }

    private static String[] withSmall(String[] args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(SMALL));
        return all.toArray(String[]::new);
    }
}
