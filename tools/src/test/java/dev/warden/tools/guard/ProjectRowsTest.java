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
 * stay out of the target figures), written here rather than copied from the shared corpus (no row is
 * the same text as, or a near-copy of, a safety-train row), and distinct from each other (no two rows are
 * near-copies, so every row is its own split group and none is a reworded twin of another).
 */
class ProjectRowsTest {

    @Test
    void projectRowsAreBenignAndMarked() {
        List<SafetyRow> rows = SafetyData.load(SharedData.repoRoot().resolve(GuardCommand.EXTRA));
        assertTrue(rows.size() >= 600, "expected the benign safety questions, got " + rows.size() + " rows");
        Set<String> ids = new HashSet<>();
        for (SafetyRow r : rows) {
            assertTrue(ids.add(r.id()), "duplicate id: " + r.id());
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

    @Test
    void noTwoProjectRowsAreNearCopies() {
        List<SafetyRow> written = SafetyData.load(SharedData.repoRoot().resolve(GuardCommand.EXTRA));
        List<String> texts = new ArrayList<>();
        written.forEach(r -> texts.add(r.text()));
        int[] cluster = NearDuplicates.clusters(texts);
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < written.size(); k++) {
            SafetyRow r = written.get(k);
            assertTrue(seen.add(normal(r.text())), "same text twice: " + r.id());
            assertTrue(cluster[k] == k, "near-copy of " + written.get(cluster[k]).id() + ": " + r.id());
        }
    }

    private static String normal(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
}
