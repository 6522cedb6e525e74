package dev.warden.model.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a checkpoint's {@code tokenizer_config.json} says about special tokens and chat formatting. Special
 * tokens may be given as strings or as {@code {"content": ...}} objects (transformers' serialised
 * {@code AddedToken}); {@code chat_template} may be a string or a list of {@code {"name", "template"}}
 * entries (the one named {@code default} is used). A {@code chat_template.jinja} file beside it, which newer
 * transformers versions write instead, takes precedence, as it does in transformers.
 *
 * @param bosToken {@code bos_token}, or null
 * @param eosToken {@code eos_token}, or null
 * @param padToken {@code pad_token}, or null
 * @param unkToken {@code unk_token}, or null
 * @param additionalSpecialTokens {@code additional_special_tokens}, possibly empty
 * @param chatTemplate the chat template source, or null when the checkpoint has none
 * @param modelMaxLength {@code model_max_length}, or null when absent or "unlimited" (transformers writes
 *     1e30 for that)
 * @param tokenizerClass {@code tokenizer_class}, or null
 * @param addBosToken {@code add_bos_token} (whether encoding with special tokens puts BOS first), or null when
 *     the file does not say
 */
public record TokenizerConfigFile(String bosToken, String eosToken, String padToken, String unkToken,
                                  List<String> additionalSpecialTokens, String chatTemplate,
                                  Integer modelMaxLength, String tokenizerClass, Boolean addBosToken) {

    /** The file name inside a checkpoint directory. */
    public static final String FILE_NAME = "tokenizer_config.json";
    /** The separate chat template file newer transformers versions write. */
    public static final String CHAT_TEMPLATE_FILE_NAME = "chat_template.jinja";
    /** A configuration that says nothing: no special tokens, no chat template. */
    public static final TokenizerConfigFile EMPTY =
            new TokenizerConfigFile(null, null, null, null, List.of(), null, null, null, null);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Copies the list. */
    public TokenizerConfigFile {
        additionalSpecialTokens = List.copyOf(additionalSpecialTokens);
    }

    /**
     * Reads {@code tokenizer_config.json} (and {@code chat_template.jinja}) from a checkpoint directory;
     * {@link #EMPTY} plus any {@code chat_template.jinja} when the file is absent.
     *
     * @throws TokenizerException when a file exists but cannot be read or parsed
     */
    public static TokenizerConfigFile read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        TokenizerConfigFile config = EMPTY;
        try {
            if (Files.exists(file)) {
                config = parse(Files.readString(file, StandardCharsets.UTF_8));
            }
            Path jinja = dir.resolve(CHAT_TEMPLATE_FILE_NAME);
            if (Files.exists(jinja)) {
                config = config.withChatTemplate(Files.readString(jinja, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new TokenizerException("cannot read the tokenizer configuration in " + dir + ": " + e.getMessage(), e);
        } catch (TokenizerException e) {
            throw new TokenizerException(file + ": " + e.getMessage(), e);
        }
        return config;
    }

    /**
     * Parses the text of a {@code tokenizer_config.json}.
     *
     * @throws TokenizerException when it is not a JSON object or a field has the wrong shape
     */
    public static TokenizerConfigFile parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TokenizerException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new TokenizerException("tokenizer_config.json must hold a JSON object");
        }
        List<String> additional = new ArrayList<>();
        JsonNode extra = root.get("additional_special_tokens");
        if (extra != null && extra.isArray()) {
            for (JsonNode token : extra) {
                additional.add(tokenText(token, "additional_special_tokens"));
            }
        }
        return new TokenizerConfigFile(tokenText(root.get("bos_token"), "bos_token"),
                tokenText(root.get("eos_token"), "eos_token"), tokenText(root.get("pad_token"), "pad_token"),
                tokenText(root.get("unk_token"), "unk_token"), additional, chatTemplate(root.get("chat_template")),
                maxLength(root.get("model_max_length")), text(root.get("tokenizer_class"), "tokenizer_class"),
                flag(root.get("add_bos_token"), "add_bos_token"));
    }

    /** This configuration with another chat template. */
    public TokenizerConfigFile withChatTemplate(String template) {
        return new TokenizerConfigFile(bosToken, eosToken, padToken, unkToken, additionalSpecialTokens, template,
                modelMaxLength, tokenizerClass, addBosToken);
    }

    private static String tokenText(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            return text(node.get("content"), field + ".content");
        }
        return text(node, field);
    }

    private static String text(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new TokenizerException(field + " must be a string, got " + node);
        }
        return node.textValue();
    }

    private static Boolean flag(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new TokenizerException(field + " must be true or false, got " + node);
        }
        return node.booleanValue();
    }

    private static String chatTemplate(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            for (JsonNode named : node) {
                if ("default".equals(named.path("name").asText())) {
                    return text(named.get("template"), "chat_template[default].template");
                }
            }
            throw new TokenizerException("chat_template is a list without an entry named 'default'");
        }
        return text(node, "chat_template");
    }

    private static Integer maxLength(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        double value = node.doubleValue();
        return value >= 1 && value <= Integer.MAX_VALUE ? (int) value : null;
    }
}
