package dev.warden.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.warden.gateway.error.InvalidRequestException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Objects;

/** Reads request bodies and writes response bodies with one Jackson mapper. */
public final class Json {

    private final ObjectMapper mapper;
    private final ObjectWriter writer;

    /** JSON through {@code mapper}. */
    public Json(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.writer = mapper.writer();
    }

    /**
     * Parses a request body.
     *
     * @throws InvalidRequestException when it is empty or not JSON
     */
    public JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw InvalidRequestException.invalidJson("the body is empty");
        }
        try {
            return mapper.readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.invalidJson(e.getOriginalMessage());
        } catch (IOException e) {
            throw InvalidRequestException.invalidJson(e.getMessage());
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
