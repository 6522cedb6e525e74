package dev.warden.guard;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The shared safety-train corpus (../shared/data/safety-train beside the checkout) for equivalence tests. */
public final class SafetyTrainCorpus {

    private SafetyTrainCorpus() {
    }

    /** Where the corpus is expected: ../shared/data/safety-train from the repository root (it may be absent). */
    public static Path dir() {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.isDirectory(here.resolve("guard")) ? here : here.getParent();
        return root.resolve("../shared/data/safety-train").normalize();
    }

    /**
     * Hands {@code check} every row's text and the ~2 KB prompts made of them as bench-guard makes its prompts (rows
     * joined by newlines, cut at 2,048 chars). Skips the calling test, with a message, when the corpus is absent.
     */
    public static void checkEveryRowAndPrompt(Consumer<String> check) {
        Path dir = dir();
        assumeTrue(Files.isDirectory(dir), "skipped: no safety-train corpus at " + dir);
        int texts = 0;
        StringBuilder joined = new StringBuilder();
        for (String row : texts(dir)) {
            check.accept(row);
            joined.append(row).append('\n');
            texts++;
            if (joined.length() >= 2048) {
                check.accept(joined.substring(0, 2048));
                joined.setLength(0);
                texts++;
            }
        }
        assertTrue(texts > 1_000, texts + " texts");
    }

    /** The text of every row of every *.jsonl file of {@code dir}, files in name order. */
    public static List<String> texts(Path dir) {
        ObjectMapper json = new ObjectMapper();
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        rows.add(json.readTree(line).path("text").asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
