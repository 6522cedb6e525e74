package dev.warden.recovery.auth;

import dev.warden.recovery.error.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * The service's bearer token check, shared by REST and gRPC. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual} (constant time, and the digest hides the configured token's length).
 */
public final class ApiToken {

    private static final String BEARER = "bearer ";

    private final byte[] expected;

    /** A check against {@code token}; none configured means every call is refused. */
    public ApiToken(Optional<String> token) {
        this.expected = token.map(t -> sha256(t.strip())).orElse(null);
    }

    /**
     * Checks an {@code Authorization} header value.
     *
     * @throws UnauthenticatedException when it is missing, malformed or wrong, or no token is configured
     */
    public void check(String authorization) {
        if (expected == null) {
            throw new UnauthenticatedException("no API token is configured on the server"
                    + " (warden.recovery.api-token): every call is refused");
        }
        if (authorization == null || authorization.isBlank()) {
            throw new UnauthenticatedException("missing bearer token: send the header 'Authorization: Bearer <token>'");
        }
        if (authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            throw new UnauthenticatedException("the Authorization header must be 'Bearer <token>'");
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).strip());
        if (!MessageDigest.isEqual(presented, expected)) {
            throw new UnauthenticatedException("invalid bearer token");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
