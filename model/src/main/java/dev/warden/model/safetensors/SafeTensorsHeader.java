package dev.warden.model.safetensors;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validated header of a safetensors file: the {@code __metadata__} strings and every tensor's
 * {@link TensorInfo}, in data order.
 *
 * <p>File layout: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON
 * {@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ..., "__metadata__":
 * {"key": "value"}}} (trailing spaces allowed), then the data block; offsets are relative to the data
 * block's start.
 *
 * <p>Layout rule (the reference implementation's, adopted here): sorted by offset, the tensors tile the
 * data block exactly, starting at 0, with no overlap and no gap, and the data block holds nothing after
 * the last tensor. The constructor enforces the first part (no duplicate names, no overlap, no gap);
 * {@link #parse} also checks that the tiling covers the actual data block.
 *
 * @param metadata {@code __metadata__}, string to string, in header order (unmodifiable)
 * @param tensors the tensors sorted by {@code begin} (unmodifiable)
 */
public record SafeTensorsHeader(Map<String, String> metadata, List<TensorInfo> tensors) {

    /** Largest header accepted, in bytes (the reference implementation's cap). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Size of the little-endian header length field that starts every file. */
    public static final int LENGTH_FIELD_BYTES = 8;

    /** Name of the reserved header entry holding the string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    private static final JsonFactory WRITER_FACTORY = new JsonFactory();

    /**
     * Copies, sorts by offset and validates the layout.
     *
     * @throws IllegalArgumentException on a duplicate or reserved name, overlapping tensors, or a gap
     */
    public SafeTensorsHeader {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(tensors, "tensors");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        checkLayout(sorted);
        tensors = Collections.unmodifiableList(sorted);
    }

    private static void checkLayout(List<TensorInfo> sorted) {
        Set<String> names = new HashSet<>();
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (METADATA_KEY.equals(t.name())) {
                throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved and cannot name a tensor");
            }
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            long expected = previous == null ? 0 : previous.end();
            if (t.begin() < expected) {
                throw new IllegalArgumentException("tensors '" + previous.name() + "' " + range(previous)
                        + " and '" + t.name() + "' " + range(t) + " overlap");
            }
            if (t.begin() > expected) {
                throw new IllegalArgumentException(previous == null
                        ? "data block bytes [0, " + t.begin() + ") before tensor '" + t.name()
                                + "' belong to no tensor (gaps are not allowed)"
                        : "gap of " + (t.begin() - expected) + " bytes between tensors '" + previous.name()
                                + "' " + range(previous) + " and '" + t.name() + "' " + range(t)
                                + " (gaps are not allowed)");
            }
            previous = t;
        }
    }

    private static String range(TensorInfo t) {
        return "[" + t.begin() + ", " + t.end() + ")";
    }

    /** @return bytes of the data block the tensors cover: the last tensor's end, or 0 */
    public long dataLength() {
        return tensors.isEmpty() ? 0 : tensors.get(tensors.size() - 1).end();
    }

    /**
     * Parses and validates header JSON against the real size of the data block.
     *
     * @param json the N header bytes (UTF-8 JSON, possibly space-padded)
     * @param dataLength bytes in the file after the header
     * @param source file name for messages
     * @return the validated header
     * @throws InvalidSafeTensorsException if anything is wrong, with the place in the message
     */
    public static SafeTensorsHeader parse(byte[] json, long dataLength, String source) {
        HeaderJsonParser.Result parsed = HeaderJsonParser.parse(json, source);
        for (TensorInfo t : parsed.tensors()) {
            if (t.end() > dataLength) {
                throw new InvalidSafeTensorsException(source + ": tensor '" + t.name() + "' " + range(t)
                        + " ends beyond the data block of " + dataLength + " bytes");
            }
        }
        SafeTensorsHeader header;
        try {
            header = new SafeTensorsHeader(parsed.metadata(), parsed.tensors());
        } catch (IllegalArgumentException e) {
            throw new InvalidSafeTensorsException(source + ": " + e.getMessage(), e);
        }
        if (header.dataLength() != dataLength) {
            throw new InvalidSafeTensorsException(source + ": the data block holds " + dataLength
                    + " bytes but the tensors cover only " + header.dataLength()
                    + " (trailing bytes are not allowed)");
        }
        return header;
    }

    /**
     * Encodes the file prefix: the 8-byte length field followed by the JSON header, padded with spaces so
     * that the data block starts on an 8-byte boundary. Tensors appear in data order, metadata first.
     *
     * @return the bytes that precede the data block
     * @throws IllegalArgumentException if the header would exceed {@link #MAX_HEADER_BYTES}
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[LENGTH_FIELD_BYTES], 0, LENGTH_FIELD_BYTES);
        try (JsonGenerator g = WRITER_FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA_KEY);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            for (TensorInfo t : tensors) {
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", t.dtype().name());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(t.begin());
                g.writeNumber(t.end());
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        while (out.size() % 8 != 0) {
            out.write(' ');
        }
        byte[] bytes = out.toByteArray();
        long headerLength = bytes.length - LENGTH_FIELD_BYTES;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("header of " + headerLength + " bytes exceeds the limit of "
                    + MAX_HEADER_BYTES);
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, headerLength);
        return bytes;
    }
}
