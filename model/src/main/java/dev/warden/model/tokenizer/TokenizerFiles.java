package dev.warden.model.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the tokenizer writers share: the JSON of an added special token, serialisation, writing both files. */
final class TokenizerFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerFiles() {
    }

    /**
     * transformers' serialised {@code AddedToken} of a special token: matched exactly as written, before
     * normalization, never split.
     */
    static Map<String, Object> specialTokenFlags(String content) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("content", content);
        token.put("single_word", false);
        token.put("lstrip", false);
        token.put("rstrip", false);
        token.put("normalized", false);
        token.put("special", true);
        return token;
    }

    /**
     * The start of a {@code tokenizer.json}: version, no truncation or padding, and {@code added_tokens} with
     * the given special tokens (ids from {@code ids}).
     */
    static Map<String, Object> tokenizerJsonRoot(List<String> specials, Map<String, Integer> ids) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", null);
        root.put("padding", null);
        List<Map<String, Object>> added = new ArrayList<>();
        for (String special : specials) {
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("id", ids.get(special));
            token.putAll(specialTokenFlags(special));
            added.add(token);
        }
        root.put("added_tokens", added);
        return root;
    }

    /**
     * A {@code TemplateProcessing} post-processor that puts {@code bos} (id {@code bosId}) before a sequence
     * (and before each of a pair) when special tokens are added, as Llama-2's and Mistral's files do.
     */
    static Map<String, Object> bosPostProcessor(String bos, int bosId) {
        Map<String, Object> first = object("SpecialToken", object("id", bos, "type_id", 0));
        return object("type", "TemplateProcessing",
                "single", List.of(first, object("Sequence", object("id", "A", "type_id", 0))),
                "pair", List.of(first, object("Sequence", object("id", "A", "type_id", 0)),
                        object("SpecialToken", object("id", bos, "type_id", 1)),
                        object("Sequence", object("id", "B", "type_id", 1))),
                "special_tokens", object(bos, object("id", bos, "ids", List.of(bosId), "tokens", List.of(bos))));
    }

    /**
     * A JSON object with its keys in the order given ({@code key1, value1, key2, value2, ...}). Not {@code Map.of}:
     * its iteration order changes from one JVM run to the next, and so would the bytes of the files written.
     */
    static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up, got " + keysAndValues.length);
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    /** {@code added_tokens_decoder} of a {@code tokenizer_config.json}: id to token flags. */
    static Map<String, Object> addedTokensDecoder(List<String> specials, Map<String, Integer> ids) {
        Map<String, Object> decoder = new LinkedHashMap<>();
        for (String special : specials) {
            decoder.put(String.valueOf(ids.get(special)), specialTokenFlags(special));
        }
        return decoder;
    }

    /** {@code value} as indented JSON with a final newline. */
    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise tokenizer files", e);
        }
    }

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}, creating it if needed. */
    static void write(Path dir, String tokenizerJson, String tokenizerConfigJson) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(TextTokenizer.FILE_NAME), tokenizerJson, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(TokenizerConfigFile.FILE_NAME), tokenizerConfigJson, StandardCharsets.UTF_8);
    }
}
