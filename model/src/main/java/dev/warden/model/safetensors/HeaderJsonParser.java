package dev.warden.model.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming parser of a safetensors JSON header. It builds only {@link TensorInfo}s and metadata strings,
 * never a JSON tree, so a hostile header cannot cost much more memory than its own size; duplicate keys at
 * any level, nesting deeper than a few levels, trailing content and invalid UTF-8 are rejected. Entry
 * fields other than dtype, shape and data_offsets are ignored (as the reference implementation does).
 */
final class HeaderJsonParser {

    /** What the JSON holds, before layout validation. */
    record Result(Map<String, String> metadata, List<TensorInfo> tensors) {
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxNumberLength(64)
                    .maxStringLength((int) SafeTensorsHeader.MAX_HEADER_BYTES)
                    .maxNameLength((int) SafeTensorsHeader.MAX_HEADER_BYTES)
                    .build())
            .build();

    private final JsonParser p;
    private final String source;

    private HeaderJsonParser(JsonParser p, String source) {
        this.p = p;
        this.source = source;
    }

    static Result parse(byte[] json, String source) {
        String text = decodeUtf8(json, source);
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new InvalidSafeTensorsException(source + ": header does not start with '{' (not a JSON object)");
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            return new HeaderJsonParser(parser, source).root();
        } catch (SafeTensorsException e) {
            throw e;
        } catch (JacksonException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw new InvalidSafeTensorsException(source + ": header is not valid JSON: " + e.getOriginalMessage()
                    + (at >= 0 ? " (header char " + at + ")" : ""), e);
        } catch (IOException | RuntimeException e) {
            // Jackson reports syntax errors, duplicates and constraint violations as IOExceptions; the
            // RuntimeException arm is defensive so a parser surprise can never escape as a raw exception.
            throw new InvalidSafeTensorsException(source + ": header is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String decodeUtf8(byte[] json, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSafeTensorsException(source + ": header is not valid UTF-8", e);
        }
    }

    private Result root() throws IOException {
        Map<String, String> metadata = Map.of();
        List<TensorInfo> tensors = new ArrayList<>();
        p.nextToken(); // START_OBJECT, checked by the caller
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (SafeTensorsHeader.METADATA_KEY.equals(key)) {
                metadata = metadata();
            } else {
                tensors.add(tensor(key));
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw invalid("malformed header object");
        }
        if (p.nextToken() != null) {
            throw invalid("content after the header object");
        }
        return new Result(metadata, tensors);
    }

    private Map<String, String> metadata() throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw invalid("'" + SafeTensorsHeader.METADATA_KEY + "' is not an object");
        }
        Map<String, String> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw invalid("metadata value of '" + key + "' is not a string");
            }
            m.put(key, p.getText());
        }
        return m;
    }

    private TensorInfo tensor(String name) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw invalid("entry of tensor '" + name + "' is not an object");
        }
        DType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "dtype" -> dtype = dtype(name);
                case "shape" -> shape = longArray(name, "shape", TensorInfo.MAX_RANK);
                case "data_offsets" -> offsets = longArray(name, "data_offsets", 2);
                default -> p.skipChildren();
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw invalid("tensor '" + name + "' lacks "
                    + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        }
        if (offsets.length != 2) {
            throw invalid("tensor '" + name + "': data_offsets has " + offsets.length + " numbers, not 2");
        }
        try {
            return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
        } catch (IllegalArgumentException e) {
            throw new InvalidSafeTensorsException(source + ": tensor '" + name + "': " + e.getMessage(), e);
        }
    }

    private DType dtype(String name) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw invalid("tensor '" + name + "': dtype is not a string");
        }
        String text = p.getText();
        return DType.fromHeaderName(text).orElseThrow(() -> invalid(
                "tensor '" + name + "': unknown or unsupported dtype '" + abbreviate(text) + "'"));
    }

    private long[] longArray(String name, String field, int maxLength) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw invalid("tensor '" + name + "': " + field + " is not an array");
        }
        long[] values = new long[Math.min(maxLength, 8)];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n == maxLength) {
                throw invalid("tensor '" + name + "': " + field + " has more than " + maxLength + " entries");
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, Math.min(maxLength, 2 * n));
            }
            values[n++] = nonNegativeLong(name, field, n - 1);
        }
        return Arrays.copyOf(values, n);
    }

    private long nonNegativeLong(String name, String field, int index) throws IOException {
        String where = "tensor '" + name + "': " + field + "[" + index + "]";
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw invalid(where + " is not an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw invalid(where + " is too large (" + abbreviate(p.getText()) + ")");
        }
        long v = p.getLongValue();
        if (v < 0) {
            throw invalid(where + " is negative (" + v + ")");
        }
        return v;
    }

    private InvalidSafeTensorsException invalid(String what) {
        long at = p.currentTokenLocation().getCharOffset();
        return new InvalidSafeTensorsException(source + ": " + what + " (header char " + at + ")");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
