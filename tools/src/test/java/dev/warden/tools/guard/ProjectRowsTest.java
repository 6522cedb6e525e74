package dev.warden.tools.guard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The project-written rows of {@code tools/data/guard-extra} (trained on), of {@code tools/data/guard-extra-candidates}
 * (trained on only when {@code --extra} names it) and of {@link #EVAL_ONLY} (evaluated only): marked project-written
 * (so that they stay out of the target figures), labelled as their source says (jailbreak and injection styles, every
 * other source benign; the ordinary tool outputs benign), written here
 * rather than copied from the shared corpus (no row is the same text as, or a near-copy of, a safety-train row), and
 * distinct from each other (no two trained or candidate rows are near-copies, so every row is its own split group and
 * none is a reworded twin of another). The evaluation-only rows are also no near-copy of a trained or candidate project
 * row, and stay out of the folders training loads; the candidates stay out of the folder loaded by default.
 */
class ProjectRowsTest {

    /** Ordinary tool outputs for eval-rails --rows and the gateway's OrdinaryToolOutputsTest: never trained on. */
    static final Path EVAL_ONLY = Path.of("tools/data/guard-eval/ordinary-tool-outputs.jsonl");
    /**
     * Jailbreaks, injections and benign look-alikes in the styles users paste, written for evaluation before any
     * candidate training row was read, and never trained on: how the heads do on styles outside the public collections.
     */
    static final Path WILD_STYLES = Path.of("tools/data/guard-eval/wild-style-prompts.jsonl");

    private static List<SafetyRow> trained() {
        return SafetyData.load(SharedData.repoRoot().resolve(GuardCommand.EXTRA));
    }

    private static List<SafetyRow> candidates() {
        return SafetyData.load(SharedData.repoRoot().resolve(GuardCommand.CANDIDATES));
    }

    /** The rows of guard-extra and of the candidates. */
    private static List<SafetyRow> trainable() {
        List<SafetyRow> out = new ArrayList<>(trained());
        out.addAll(candidates());
        return out;
    }

    private static List<SafetyRow> evalOnly() {
        return SafetyData.load(SharedData.repoRoot().resolve(EVAL_ONLY));
    }

    private static List<SafetyRow> wildStyles() {
        return SafetyData.load(SharedData.repoRoot().resolve(WILD_STYLES));
    }

    @Test
    void wildStyleRowsAreMarkedAndLabelledBySource() {
        List<SafetyRow> rows = wildStyles();
        assertTrue(rows.size() == 100, "expected 100 wild-style rows, got " + rows.size());
        assertMarkedAndLabelled(rows, new HashSet<>(), r -> switch (r.source()) {
            case "warden_eval_jailbreaks" -> SafetyRow.Label.JAILBREAK;
            case "warden_eval_injections" -> SafetyRow.Label.INJECTION;
            case "warden_eval_lookalikes" -> SafetyRow.Label.BENIGN;
            default -> throw new AssertionError("unexpected source " + r.source() + " in " + r.id());
        });
    }

    /** The label a project-written source's rows carry: its name says it (every other source is benign). */
    private static SafetyRow.Label labelOf(SafetyRow r) {
        return switch (r.source()) {
            case "warden_injection_styles" -> SafetyRow.Label.INJECTION;
            case "warden_jailbreak_styles" -> SafetyRow.Label.JAILBREAK;
            default -> SafetyRow.Label.BENIGN;
        };
    }

    @Test
    void projectRowsAreMarkedAndLabelledByFile() {
        List<SafetyRow> rows = trained();
        assertTrue(rows.size() >= 1700, "expected the safety and how-to questions, the jailbreak styles and the"
                + " persona prompts, got " + rows.size() + " rows");
        assertMarkedAndLabelled(rows, new HashSet<>(), ProjectRowsTest::labelOf);
        assertTrue(rows.stream().filter(r -> r.label() == SafetyRow.Label.JAILBREAK).count() >= 350,
                "expected the jailbreak styles");
        assertTrue(rows.stream().filter(r -> r.source().equals("warden_persona_prompts")).count() >= 250,
                "expected the benign persona prompts");
        List<SafetyRow> eval = evalOnly();
        assertTrue(eval.size() == 80, "expected 80 ordinary tool outputs, got " + eval.size());
        assertBenignAndMarked(eval);
    }

    @Test
    void candidateRowsAreMarkedAndLabelledByFile() {
        List<SafetyRow> rows = candidates();
        assertTrue(rows.size() >= 600, "expected the injection styles and their hard negatives, got " + rows.size());
        Set<String> ids = new HashSet<>();
        trained().forEach(r -> ids.add(r.id()));
        assertMarkedAndLabelled(rows, ids, ProjectRowsTest::labelOf);
        assertTrue(rows.stream().filter(r -> r.label() == SafetyRow.Label.INJECTION).count() >= 350,
                "expected the injection styles");
    }

    @Test
    void candidatesAreNotLoadedByDefault() {
        Path extra = SharedData.repoRoot().resolve(GuardCommand.EXTRA).toAbsolutePath().normalize();
        Path candidates = SharedData.repoRoot().resolve(GuardCommand.CANDIDATES).toAbsolutePath().normalize();
        assertFalse(candidates.startsWith(extra), "the candidates must stay out of " + GuardCommand.EXTRA);
        assertFalse(GuardCommand.extras(null).contains(GuardCommand.CANDIDATES));
    }

    @Test
    void evaluationRowsAreNotTrainedOn() {
        Path extra = SharedData.repoRoot().resolve(GuardCommand.EXTRA).toAbsolutePath().normalize();
        assertFalse(SharedData.repoRoot().resolve(EVAL_ONLY).toAbsolutePath().normalize().startsWith(extra),
                "the evaluation-only rows must stay out of " + GuardCommand.EXTRA + ", which training loads");
        assertNoNearCopies(trainable(), evalOnly(), "a trained or candidate project row");
        assertFalse(SharedData.repoRoot().resolve(WILD_STYLES).toAbsolutePath().normalize().startsWith(extra),
                "the wild-style rows must stay out of " + GuardCommand.EXTRA);
        assertNoNearCopies(trainable(), wildStyles(), "a trained or candidate project row");
    }

    @Test
    void noProjectRowIsCopiedFromTheSharedCorpus() {
        List<SafetyRow> shared = SafetyData.load(SharedData.safetyTrain());
        assertNoNearCopies(shared, trainable(), "a safety-train row");
        assertNoNearCopies(shared, evalOnly(), "a safety-train row");
        assertNoNearCopies(shared, wildStyles(), "a safety-train row");
    }

    @Test
    void noTwoProjectRowsAreNearCopies() {
        assertDistinct(trainable());
        assertDistinct(evalOnly());
        assertDistinct(wildStyles());
    }

    /** Every row has an id not in {@code ids} (which it joins), is marked project-written and has its label. */
    private static void assertMarkedAndLabelled(List<SafetyRow> rows, Set<String> ids,
                                                java.util.function.Function<SafetyRow, SafetyRow.Label> expected) {
        for (SafetyRow r : rows) {
            assertTrue(ids.add(r.id()), "duplicate id: " + r.id());
            assertTrue(r.projectWritten(), "not marked project-written: " + r.id());
            SafetyRow.Label label = expected.apply(r);
            assertTrue(r.label() == label, r.id() + " should be " + label.json());
        }
    }

    private static void assertBenignAndMarked(List<SafetyRow> rows) {
        Set<String> ids = new HashSet<>();
        for (SafetyRow r : rows) {
            assertTrue(ids.add(r.id()), "duplicate id: " + r.id());
            assertTrue(r.projectWritten(), "not marked project-written: " + r.id());
            assertTrue(r.label() == SafetyRow.Label.BENIGN, "not benign: " + r.id());
        }
    }

    /** No row of {@code written} is the same text as, or a near-copy of, a row of {@code others}. */
    private static void assertNoNearCopies(List<SafetyRow> others, List<SafetyRow> written, String what) {
        Set<String> otherTexts = new HashSet<>();
        others.forEach(r -> otherTexts.add(normal(r.text())));
        List<String> texts = new ArrayList<>();
        others.forEach(r -> texts.add(r.text()));
        written.forEach(r -> texts.add(r.text()));
        int[] cluster = NearDuplicates.clusters(texts);
        Set<Integer> otherClusters = new HashSet<>();
        for (int i = 0; i < others.size(); i++) {
            otherClusters.add(cluster[i]);
        }
        for (int k = 0; k < written.size(); k++) {
            SafetyRow r = written.get(k);
            assertFalse(otherTexts.contains(normal(r.text())), "same text as " + what + ": " + r.id());
            assertFalse(otherClusters.contains(cluster[others.size() + k]), "near-copy of " + what + ": " + r.id());
        }
    }

    private static void assertDistinct(List<SafetyRow> written) {
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
