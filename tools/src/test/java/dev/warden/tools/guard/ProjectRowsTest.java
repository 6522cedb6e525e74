package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The project-written rows of {@code tools/data/guard-extra}: benign, marked project-written (so that they
 * stay out of the target figures), and written here rather than copied from the shared corpus (no row is
 * the same text as, or a near-copy of, a safety-train row).
 */
class ProjectRowsTest {

    @Test
    void projectRowsAreBenignAndMarked() {
        List<SafetyRow> rows = SafetyData.load(SharedData.repoRoot().resolve(GuardCommand.EXTRA));
        assertTrue(rows.size() >= 200, "expected the benign safety questions, got " + rows.size() + " rows");
        for (SafetyRow r : rows) {
            assertTrue(r.projectWritten(), "not marked project-written: " + r.id());
            assertTrue(r.label() == SafetyRow.Label.BENIGN, "not benign: " + r.id());
        }
    }

    @Test
    void noProjectRowIsCopiedFromTheSharedCorpus() {
        List<SafetyRow> shared = SafetyData.load(SharedData.safetyTrain());
        List<SafetyRow> written = SafetyData.load(SharedData.repoRoot().resolve(GuardCommand.EXTRA));
        Set<String> sharedTexts = new HashSet<>();
        shared.forEach(r -> sharedTexts.add(normal(r.text())));
        List<String> texts = new ArrayList<>();
        shared.forEach(r -> texts.add(r.text()));
        written.forEach(r -> texts.add(r.text()));
        int[] cluster = NearDuplicates.clusters(texts);
        Set<Integer> sharedClusters = new HashSet<>();
        for (int i = 0; i < shared.size(); i++) {
            sharedClusters.add(cluster[i]);
        }
        for (int k = 0; k < written.size(); k++) {
            SafetyRow r = written.get(k);
            assertFalse(sharedTexts.contains(normal(r.text())), "same text as a safety-train row: " + r.id());
            assertFalse(sharedClusters.contains(cluster[shared.size() + k]), "near-copy of a safety-train row: " + r.id());
        }
    }

    private static String normal(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
}
