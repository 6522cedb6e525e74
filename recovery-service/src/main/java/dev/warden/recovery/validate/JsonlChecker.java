package dev.warden.recovery.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.recovery.error.InvalidArgumentException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a JSONL file of prompts: UTF-8, one JSON object per non-blank line, each with the required keys as
 * non-empty strings (other keys are allowed). A failure names the line, counted from 1.
 */
public final class JsonlChecker {

    /** The keys of a harmful-probe line. */
    public static final List<String> PROBE_KEYS = List.of("prompt");
    /** The keys of a task line. */
    public static final List<String> TASK_KEYS = List.of("prompt", "reference");

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlChecker() {
    }

    /**
     * Checks {@code file}.
     *
     * @return the number of examples (non-blank lines)
     * @throws InvalidArgumentException naming the field and the first bad line
     */
    public static int check(String field, Path file, List<String> keys) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidArgumentException(field, file + " is not a regular file (a JSONL file is expected)");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 0;
        int examples = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String text;
            while (true) {
                line++;
                try {
                    text = in.readLine();
                } catch (CharacterCodingException e) {
                    throw new InvalidArgumentException(field, "line " + line + ": not valid UTF-8", e);
                }
                if (text == null) {
                    break;
                }
                if (text.isBlank()) {
                    continue;
                }
                checkLine(field, line, text, keys);
                examples++;
            }
        } catch (IOException e) {
            throw new InvalidArgumentException(field, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (examples == 0) {
            throw new InvalidArgumentException(field, file + " holds no examples (one JSON object per line)");
        }
        return examples;
    }

    private static void checkLine(String field, int line, String text, List<String> keys) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException(field, "line " + line + ": not valid JSON (" + e.getOriginalMessage()
                    + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidArgumentException(field, "line " + line + ": not a JSON object");
        }
        for (String key : keys) {
            JsonNode value = node.get(key);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw new InvalidArgumentException(field, "line " + line + ": \"" + key
                        + "\" must be a non-empty string, keys needed: " + keys);
            }
        }
    }
}
