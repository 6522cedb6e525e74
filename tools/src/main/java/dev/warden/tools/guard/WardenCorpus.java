package dev.warden.tools.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.tools.judge.corpus.CorpusFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The prompts of the project's own template corpus (the judge classifier's {@code corpus/train.jsonl.gz} and
 * {@code heldout.jsonl.gz}, {@link CorpusFiles#DEFAULT_FOLDER}): text, whether harmful, and the hazard categories (S-numbers) it violates.
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
        ObjectMapper mapper = new ObjectMapper();
        List<Prompt> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && out.size() < max) {
                JsonNode n = mapper.readTree(line);
                if (!"prompt".equals(n.path("kind").asText())) {
                    continue;
                }
                List<Integer> cats = new ArrayList<>();
                for (JsonNode c : n.path("categories")) {
                    cats.add(Integer.parseInt(c.asText().substring(1)));
                }
                out.add(new Prompt(n.path("prompt").asText(), n.path("harmful").asBoolean(),
                        cats.stream().mapToInt(Integer::intValue).toArray(), "lookalike".equals(n.path("group").asText())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }
}
