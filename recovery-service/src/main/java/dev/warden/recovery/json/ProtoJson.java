package dev.warden.recovery.json;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/**
 * The proto3 JSON mapping of the contract's messages, as the REST API, the report files and the Redis records
 * use it: snake_case field names as in recovery.proto, enums by name, timestamps in RFC 3339, durations as
 * {@code "1.5s"}, 64-bit integers as strings (the standard mapping).
 */
public final class ProtoJson {

    private static final JsonFormat.Printer API = JsonFormat.printer().preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();
    private static final JsonFormat.Printer PRETTY = JsonFormat.printer().preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Printer STORED = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser STRICT = JsonFormat.parser();
    private static final JsonFormat.Parser LENIENT = JsonFormat.parser().ignoringUnknownFields();

    private ProtoJson() {
    }

    /** One line, every field without presence printed (zeros too): what API clients get. */
    public static String api(MessageOrBuilder message) {
        return print(API, message);
    }

    /** Indented, every field printed: report.json. */
    public static String pretty(MessageOrBuilder message) {
        return print(PRETTY, message);
    }

    /** One line, default values left out: what Redis stores. */
    public static String stored(MessageOrBuilder message) {
        return print(STORED, message);
    }

    /**
     * Parses a client's JSON into {@code builder}; unknown fields are errors (a typo must not pass silently).
     *
     * @throws InvalidProtocolBufferException with the parser's reason
     */
    public static <B extends Message.Builder> B parseStrict(String json, B builder)
            throws InvalidProtocolBufferException {
        STRICT.merge(json, builder);
        return builder;
    }

    /** Parses JSON this service wrote (unknown fields, from a newer replica, are ignored). */
    public static <B extends Message.Builder> B parseStored(String json, B builder) {
        try {
            LENIENT.merge(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored record is not valid JSON of " + builder.getDescriptorForType()
                    .getFullName() + ": " + e.getMessage(), e);
        }
    }

    private static String print(JsonFormat.Printer printer, MessageOrBuilder message) {
        try {
            return printer.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }
}
