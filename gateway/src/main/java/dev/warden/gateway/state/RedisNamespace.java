package dev.warden.gateway.state;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The prefix of every Redis key the gateway writes, so several deployments (or test runs) share one server
 * without colliding and can be cleaned up by pattern. Keys are {@code <prefix><part>:<part>...}.
 *
 * @param prefix 1 to 64 characters of {@code A-Z a-z 0-9 _ . : { } -}; the default is {@code warden:}
 *               (braces allow a Redis Cluster hash tag such as {@code {warden}:})
 */
public record RedisNamespace(String prefix) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:{}-]{1,64}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** The namespace of a deployment that configures none: {@code warden:}. */
    public static final RedisNamespace DEFAULT = new RedisNamespace("warden:");

    /** Validates the prefix. */
    public RedisNamespace {
        Objects.requireNonNull(prefix, "the Redis namespace prefix must not be null");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("the Redis namespace prefix must be 1 to 64 characters of"
                    + " A-Z a-z 0-9 _ . : { } -, got '" + prefix + "'");
        }
    }

    /** The namespace with this prefix; see the record's rules. */
    public static RedisNamespace of(String prefix) {
        return new RedisNamespace(prefix);
    }

    /** The key {@code <prefix><parts joined by ':'>}; parts are trusted (validate user input first). */
    public String key(String... parts) {
        return prefix + String.join(":", parts);
    }

    /** The SCAN/KEYS glob that matches every key of this namespace. */
    public String pattern() {
        return prefix + "*";
    }

    /**
     * Checks that {@code value} can be one part of a key: 1 to 64 characters of {@code A-Z a-z 0-9 _ . -}
     * (no {@code :}, no glob characters, no spaces).
     *
     * @param what what the value names, for the message (for example "tenant")
     * @return the value
     * @throws IllegalArgumentException naming {@code what} when the value does not qualify
     */
    public static String requireSegment(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (!SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 characters of A-Z a-z 0-9 _ . -, got '"
                    + printable(value) + "'");
        }
        return value;
    }

    /** The value cut to 80 characters with control characters escaped, safe to put in a message. */
    private static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
