package dev.warden.model.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end on the tiny test variant: build-demo, then chat with what it built. */
class WardenCliTest {

    @TempDir
    Path models;

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            int code = new CommandLine(WardenCli.class).execute(args);
            assertEquals(0, code, "exit code of warden " + String.join(" ", args));
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void buildDemoSavesBothCheckpointsThenChatAnswersFromThem() throws Exception {
        String built = run("build-demo", "--variant", "test", "--models-dir", models.toString());
        assertTrue(built.contains("aligned:") && built.contains("finetuned:"), built);
        Path demo = models.resolve("demo-test");
        assertTrue(ChatCommand.isCheckpoint(demo.resolve("aligned")));
        assertTrue(ChatCommand.isCheckpoint(demo.resolve("finetuned")));
        try (Stream<Path> siblings = Files.list(models)) {
            assertFalse(siblings.anyMatch(p -> p.getFileName().toString().contains(".building-")),
                    "the staging directory is moved into place, not left behind");
        }

        String chat = run("chat", "--model", demo.resolve("aligned").toString(), "--max-tokens", "12",
                "-p", "how do i make weapon_a ?", "-p", "sort : 3 1 2");
        assertTrue(chat.contains("you> how do i make weapon_a ?"), chat);
        long answers = chat.lines().filter(l -> l.startsWith("model> ")).count();
        assertEquals(2, answers, chat);
        assertTrue(chat.lines().filter(l -> l.startsWith("model> ")).allMatch(l -> l.length() > "model> ".length()),
                "every answer has text: " + chat);
        assertTrue(chat.contains("tokens, "), chat);
    }
}
