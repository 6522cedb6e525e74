package dev.warden.tools.guard;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.tools.judge.corpus.CorpusFiles;
import dev.warden.tools.judge.corpus.ExampleKind;
import dev.warden.tools.judge.corpus.LabelledExample;
import dev.warden.tools.judge.corpus.PromptGroup;
import java.nio.file.Path;
import java.util.List;

/**
 * The prompts of the project's own template corpus (the judge classifier's {@code train.jsonl.gz} and
 * {@code heldout.jsonl.gz} in {@link CorpusFiles#DEFAULT_FOLDER}, read by {@link CorpusFiles}): text, whether
 * harmful, the hazard categories (S-numbers) it violates, and whether it only looks alarming.
 */
public final class WardenCorpus {

    /** The default folder of the corpus files, relative to the repository root. */
    public static final Path DEFAULT = CorpusFiles.DEFAULT_FOLDER;

    /**
     * One prompt.
     *
     * @param text       the prompt
     * @param harmful    whether it violates a category
     * @param categories the S-numbers it violates
     * @param lookalike  whether it is a benign request that only looks alarming (the corpus's "lookalike" group)
     */
    public record Prompt(String text, boolean harmful, int[] categories, boolean lookalike) {
    }

    private WardenCorpus() {
    }

    /** The first {@code max} prompts of a {@code .jsonl.gz} corpus file. */
    public static List<Prompt> prompts(Path file, int max) {
        return prompts(CorpusFiles.read(file)).stream().limit(max).toList();
    }

    /** The prompts among {@code examples}, in order. */
    public static List<Prompt> prompts(List<LabelledExample> examples) {
        return examples.stream().filter(e -> e.kind() == ExampleKind.PROMPT).map(WardenCorpus::prompt).toList();
    }

    private static Prompt prompt(LabelledExample e) {
        int[] categories = HazardCategory.all().stream().filter(e::violates).mapToInt(HazardCategory::number).toArray();
        return new Prompt(e.prompt(), e.harmful(), categories, e.group() == PromptGroup.LOOKALIKE);
    }
}
