package dev.warden.model.safetensors;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The index of a sharded checkpoint, {@code model.safetensors.index.json}:
 * {@code {"metadata": {"total_size": 123}, "weight_map": {"tensor name": "model-00001-of-00002.safetensors"}}}.
 *
 * <p>Reading is streaming and bounded like the header parser: at most {@link #MAX_INDEX_BYTES}, duplicate
 * keys rejected, {@code weight_map} must map strings to strings, and every shard must be a plain file name
 * in the checkpoint directory (no path separators, no {@code ..}). Scalar metadata values are kept as
 * their text; nested ones are ignored. On writing, {@code total_size} is written as a JSON number, as
 * Hugging Face does, and other metadata as strings.
 *
 * @param metadata the {@code "metadata"} object, values as text (unmodifiable)
 * @param weightMap tensor name to shard file name, in index order (unmodifiable)
 */
public record ShardIndex(Map<String, String> metadata, Map<String, String> weightMap) {

    /** Conventional file name of the index in a checkpoint directory. */
    public static final String FILE_NAME = "model.safetensors.index.json";

    /** Largest index file accepted. */
    public static final long MAX_INDEX_BYTES = SafeTensorsHeader.MAX_HEADER_BYTES;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    /** Copies and checks the shard names. */
    public ShardIndex {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(weightMap, "weightMap");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        weightMap = Collections.unmodifiableMap(new LinkedHashMap<>(weightMap));
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
            if (!isPlainFileName(e.getValue())) {
                throw new IllegalArgumentException("shard of tensor '" + e.getKey() + "' is not a plain file name: '"
                        + e.getValue() + "'");
            }
        }
    }

    /**
     * @param name a shard name from an index
     * @return true if it names a file directly inside the checkpoint directory
     */
    static boolean isPlainFileName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }

    /**
     * Reads and validates an index file.
     *
     * @param file the index json
     * @return the index
     * @throws InvalidSafeTensorsException if it is missing, too large or malformed
     * @throws SafeTensorsIoException if it cannot be read
     */
    public static ShardIndex read(Path file) {
        String source = file.toString();
        try {
            long size = Files.size(file);
            if (size > MAX_INDEX_BYTES) {
                throw new InvalidSafeTensorsException(source + ": index is " + size + " bytes, more than the limit of "
                        + MAX_INDEX_BYTES);
            }
            try (JsonParser p = FACTORY.createParser(Files.readAllBytes(file))) {
                return parse(p, source);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidSafeTensorsException(source + ": no such index file", e);
        } catch (SafeTensorsException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSafeTensorsException(source + ": " + e.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidSafeTensorsException(source + ": index is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SafeTensorsIoException("cannot read " + source, e);
        }
    }

    private static ShardIndex parse(JsonParser p, String source) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidSafeTensorsException(source + ": index is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, String> weightMap = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("weight_map")) {
                weightMap = stringMap(p, source);
            } else if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (p.nextToken().isScalarValue()) {
                        metadata.put(key, p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new InvalidSafeTensorsException(source + ": content after the index object");
        }
        if (weightMap == null) {
            throw new InvalidSafeTensorsException(source + ": index has no \"weight_map\"");
        }
        return new ShardIndex(metadata, weightMap);
    }

    private static Map<String, String> stringMap(JsonParser p, String source) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidSafeTensorsException(source + ": \"weight_map\" is not an object");
        }
        Map<String, String> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new InvalidSafeTensorsException(source + ": shard of tensor '" + key + "' is not a string");
            }
            m.put(key, p.getText());
        }
        return m;
    }

    /**
     * Writes the index as pretty-printed JSON.
     *
     * @param file destination, usually {@code dir.resolve(FILE_NAME)}
     * @throws SafeTensorsIoException if it cannot be written
     */
    public void write(Path file) {
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeObjectFieldStart("metadata");
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey().equals("total_size") && e.getValue().matches("\\d{1,18}")) {
                    g.writeNumberField(e.getKey(), Long.parseLong(e.getValue()));
                } else {
                    g.writeStringField(e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("weight_map");
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new SafeTensorsIoException("cannot write " + file, e);
        }
    }
}
