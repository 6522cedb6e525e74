package dev.warden.model.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The token-to-id table of a {@code tokenizer.json}: the model's vocabulary (a {@code token -> id} object
 * for BPE, WordPiece and WordLevel, a {@code [piece, score]} list for Unigram) plus {@code added_tokens}.
 * DJL's tokenizer does not expose it, so it is read here with a streaming parser that skips everything else
 * (BPE merges are most of a large file).
 */
final class Vocabulary {

    private final Map<String, Long> idsByToken;
    private final Map<Long, String> tokensById;
    private final Map<String, Long> specialTokens;
    private final String modelType;
    private final String modelUnkToken;
    private final boolean hasPostProcessor;
    private final int size;

    private Vocabulary(Map<String, Long> idsByToken, Map<String, Long> specialTokens, String modelType,
                       String modelUnkToken, boolean hasPostProcessor) {
        this.idsByToken = idsByToken;
        this.tokensById = new HashMap<>();
        idsByToken.forEach((token, id) -> tokensById.putIfAbsent(id, token));
        specialTokens.forEach((token, id) -> tokensById.put(id, token));
        this.specialTokens = Collections.unmodifiableMap(specialTokens);
        this.modelType = modelType;
        this.modelUnkToken = modelUnkToken;
        this.hasPostProcessor = hasPostProcessor;
        this.size = Math.toIntExact(Collections.max(idsByToken.values()) + 1);
    }

    static Vocabulary read(Path tokenizerJson) {
        Map<String, Long> ids = new HashMap<>();
        Map<String, Long> special = new LinkedHashMap<>();
        String[] model = new String[2];
        boolean postProcessor = false;
        try (JsonParser p = new JsonFactory().createParser(tokenizerJson.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenizerException(tokenizerJson + " does not hold a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("model") && value == JsonToken.START_OBJECT) {
                    readModel(p, ids, model);
                } else if (field.equals("added_tokens") && value == JsonToken.START_ARRAY) {
                    readAddedTokens(p, ids, special);
                } else {
                    postProcessor |= field.equals("post_processor") && value != JsonToken.VALUE_NULL;
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + tokenizerJson + ": " + e.getMessage(), e);
        }
        if (ids.isEmpty()) {
            throw new TokenizerException(tokenizerJson + " has no vocabulary (model.vocab and added_tokens are empty)");
        }
        return new Vocabulary(ids, special, model[0], model[1], postProcessor);
    }

    private static void readModel(JsonParser p, Map<String, Long> ids, String[] model) throws IOException {
        Long unkId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("type") && value == JsonToken.VALUE_STRING) {
                model[0] = p.getText();
            } else if (field.equals("unk_token") && value == JsonToken.VALUE_STRING) {
                model[1] = p.getText();
            } else if (field.equals("unk_id") && value == JsonToken.VALUE_NUMBER_INT) {
                unkId = p.getLongValue();
            } else if (field.equals("vocab") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String token = p.currentName();
                    p.nextToken();
                    ids.putIfAbsent(token, p.getLongValue());
                }
            } else if (field.equals("vocab") && value == JsonToken.START_ARRAY) {
                long id = 0;
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    ids.putIfAbsent(p.getText(), id++);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (model[1] == null && unkId != null) {
            long wanted = unkId;
            ids.entrySet().stream().filter(e -> e.getValue() == wanted).findFirst()
                    .ifPresent(e -> model[1] = e.getKey());
        }
    }

    private static void readAddedTokens(JsonParser p, Map<String, Long> ids, Map<String, Long> special)
            throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Long id = null;
            String content = null;
            boolean isSpecial = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("id") && value == JsonToken.VALUE_NUMBER_INT) {
                    id = p.getLongValue();
                } else if (field.equals("content") && value == JsonToken.VALUE_STRING) {
                    content = p.getText();
                } else if (field.equals("special") && value.isBoolean()) {
                    isSpecial = p.getBooleanValue();
                } else {
                    p.skipChildren();
                }
            }
            if (id == null || content == null) {
                throw new TokenizerException("an entry of added_tokens lacks its id or content");
            }
            ids.put(content, id);
            if (isSpecial) {
                special.put(content, id);
            }
        }
    }

    /** The id of {@code token}, or null when the vocabulary lacks it. */
    Long id(String token) {
        return idsByToken.get(token);
    }

    /** The token with {@code id}, or null. */
    String token(long id) {
        return tokensById.get(id);
    }

    /** One more than the largest id: the number of rows an embedding table needs. */
    int size() {
        return size;
    }

    /** The added tokens marked {@code special}, in file order. */
    Map<String, Long> specialTokens() {
        return specialTokens;
    }

    /** {@code model.type}, e.g. {@code BPE}, or null when absent. */
    String modelType() {
        return modelType;
    }

    /** Whether {@code post_processor} is set (it may add special tokens when they are asked for). */
    boolean hasPostProcessor() {
        return hasPostProcessor;
    }

    /** {@code model.unk_token}, or null. */
    String modelUnkToken() {
        return modelUnkToken;
    }
}
