package dev.warden.gateway.auth;

import dev.warden.gateway.state.StateUnavailableException;
import dev.warden.gateway.state.StateUnavailableException.Reason;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.redis.client.Response;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Redis hash of one API key, {@code <ns>apikey:<keyId>}: its fields, how they are read with HMGET
 * ({@link #FIELDS}) and how a reply becomes an {@link ApiKey} plus the stored hash.
 *
 * @param key the key's record
 * @param hash the SHA-256 of the presented key (32 bytes)
 */
record KeyRecord(ApiKey key, byte[] hash) {

    /** The hash fields in the order {@link #read} expects them from HMGET. */
    static final List<String> FIELDS = List.of("hash", "tenant", "models", "created_ms", "revoked");

    /** The stored form of a model set: a JSON array of strings. */
    static String modelsJson(Set<String> models) {
        return new JsonArray(List.copyOf(models)).encode();
    }

    /**
     * Reads an HMGET reply for {@link #FIELDS}.
     *
     * @param operation the operation, for the exception
     * @return null when the key does not exist (every field nil)
     * @throws StateUnavailableException ({@link Reason#CORRUPT}) when the fields cannot be read back
     */
    static KeyRecord read(String operation, String keyId, Response fields) {
        if (fields == null || fields.size() != FIELDS.size() || fields.get(0) == null) {
            return null;
        }
        try {
            byte[] hash = HexFormat.of().parseHex(fields.get(0).toString());
            Set<String> models = new JsonArray(fields.get(2).toString()).stream()
                    .map(String.class::cast).collect(Collectors.toSet());
            Instant created = Instant.ofEpochMilli(Long.parseLong(fields.get(3).toString()));
            boolean revoked = "1".equals(fields.get(4).toString());
            if (hash.length != 32) {
                throw new IllegalArgumentException("hash of " + hash.length + " bytes");
            }
            return new KeyRecord(new ApiKey(keyId, fields.get(1).toString(), models, created, revoked), hash);
        } catch (RuntimeException e) {
            // NullPointerException (a missing field), IllegalArgumentException, ClassCastException, DecodeException
            throw new StateUnavailableException(operation, Reason.CORRUPT, e);
        }
    }

    /** Without the hash bytes. */
    @Override
    public String toString() {
        return "KeyRecord[" + key + "]";
    }
}
