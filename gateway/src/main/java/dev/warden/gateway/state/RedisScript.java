package dev.warden.gateway.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Lua script run atomically by Redis, identified by the SHA-1 of its source so that it is normally sent as
 * {@code EVALSHA} (a few bytes) and only sent whole ({@code EVAL}, which also caches it) when the server
 * replies {@code NOSCRIPT}: after a restart, a failover or a {@code SCRIPT FLUSH}. Run it with
 * {@link RedisState#eval(RedisScript, java.util.List, java.util.List)}.
 *
 * @param name a short name for messages and logs
 * @param source the Lua source
 * @param sha1 the lowercase hex SHA-1 of the UTF-8 source, as Redis computes it
 */
public record RedisScript(String name, String source, String sha1) {

    /** Checks the components; prefer {@link #of(String, String)}, which computes the digest. */
    public RedisScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sha1, "sha1");
        if (source.isBlank()) {
            throw new IllegalArgumentException("the Lua source of script " + name + " is blank");
        }
        if (!sha1.equals(sha1Hex(source))) {
            throw new IllegalArgumentException("sha1 is not the SHA-1 of script " + name + "'s source");
        }
    }

    /** The script {@code name} with this Lua source. */
    public static RedisScript of(String name, String source) {
        return new RedisScript(name, source, sha1Hex(source));
    }

    /**
     * The script whose source is the UTF-8 class-path resource {@code resource} next to {@code owner}
     * (read once, when the owning class initialises).
     *
     * @throws IllegalStateException when the resource is missing
     */
    public static RedisScript fromResource(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Lua script resource " + resource + " not found next to "
                        + owner.getName());
            }
            return of(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script resource " + resource, e);
        }
    }

    /** Only the name: sources are long. */
    @Override
    public String toString() {
        return "RedisScript[" + name + ", sha1=" + sha1 + "]";
    }

    private static String sha1Hex(String source) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1", e);
        }
    }
}
