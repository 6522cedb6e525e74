package dev.warden.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.warden.gateway.error.InvalidRequestException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads request bodies and writes response bodies with one Jackson mapper. Request bodies are read strictly: UTF-8
 * only (no other encoding guessed, no overlong or surrogate byte sequences), exactly one JSON value (nothing but
 * whitespace after it), and no string with a lone UTF-16 surrogate (a {@code \ud800} escape without its pair,
 * which no UTF-8 text and no protobuf string can carry).
 */
public final class Json {

    private final ObjectReader reader;
    private final ObjectWriter writer;

    /** JSON through {@code mapper}. */
    public Json(ObjectMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.writer = mapper.writer();
    }

    /**
     * Parses a request body.
     *
     * @throws InvalidRequestException {@code invalid_json} when it is empty or not one JSON value,
     *                                 {@code invalid_encoding} when it is not valid UTF-8 or holds a lone surrogate
     */
    public JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw InvalidRequestException.invalidJson("the body is empty");
        }
        String text = utf8(body.getBytes());
        JsonNode tree;
        try {
            tree = reader.readTree(text);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.invalidJson(e.getOriginalMessage());
        } catch (IOException e) {
            throw InvalidRequestException.invalidJson(e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw InvalidRequestException.invalidJson("the body holds no JSON value");
        }
        requireWellFormed(tree);
        return tree;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw InvalidRequestException.invalidEncoding("a malformed byte sequence (" + e.getMessage() + ")");
        }
    }

    /** Every field name and string value of {@code node} is well-formed UTF-16 (no lone surrogate). */
    private static void requireWellFormed(JsonNode node) {
        if (node.isTextual()) {
            requireWellFormed(node.textValue());
        } else if (node.isArray()) {
            node.forEach(Json::requireWellFormed);
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                requireWellFormed(field.getKey());
                requireWellFormed(field.getValue());
            });
        }
    }

    private static void requireWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw InvalidRequestException.invalidEncoding("a string holds a lone UTF-16 surrogate (\\u"
                        + Integer.toHexString(c) + ")");
            }
        }
    }

    /** {@code value} as JSON bytes. */
    public Buffer write(Object value) {
        try {
            return Buffer.buffer(writer.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** One server-sent event: {@code data: <json>} and a blank line. */
    public Buffer event(Object value) {
        try {
            byte[] json = writer.writeValueAsBytes(value);
            return Buffer.buffer(json.length + 8).appendString("data: ").appendBytes(json).appendString("\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
