package dev.warden.tools.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a directory of JSONL files in the safety-train format (one {@link SafetyRow} per line; every
 * {@code *.jsonl} file of the directory, in name order, so the row order does not depend on the file
 * system), or one such file. Blank lines are skipped; anything else that is not a valid row stops the load with the file and
 * line in the message.
 */
public final class SafetyData {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SafetyData() {
    }

    /**
     * The rows of every {@code *.jsonl} file in {@code dir}, or of {@code dir} itself when it is a regular file.
     *
     * @throws IllegalArgumentException if the directory holds no JSONL file, a line is malformed, or an id repeats
     * @throws UncheckedIOException     if a file cannot be read
     */
    public static List<SafetyRow> load(Path dir) {
        if (Files.isRegularFile(dir)) {
            return read(List.of(dir));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no *.jsonl file");
        }
        return read(files);
    }

    private static List<SafetyRow> read(List<Path> files) {
        List<SafetyRow> rows = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    SafetyRow row;
                    try {
                        row = parse(line);
                    } catch (IOException | RuntimeException e) {
                        throw new IllegalArgumentException(file + ":" + number + ": " + e.getMessage(), e);
                    }
                    if (!ids.add(row.id())) {
                        throw new IllegalArgumentException(file + ":" + number + ": id '" + row.id() + "' repeats");
                    }
                    rows.add(row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return rows;
    }

    /** One row from its JSON line. */
    static SafetyRow parse(String line) throws IOException {
        JsonNode node = MAPPER.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode category = node.get("category");
        return new SafetyRow(text(node, "text"), SafetyRow.Label.parse(text(node, "label")),
                category == null || category.isNull() ? null : category.asText(), text(node, "source"), text(node, "id"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }
}
