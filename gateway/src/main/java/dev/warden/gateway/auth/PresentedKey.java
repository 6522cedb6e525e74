package dev.warden.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key as a client presents it, {@code wk-<keyId>.<secret>}: 16 lowercase hex characters of key id and 43
 * base64url characters (32 random bytes, no padding) of secret. Holds the secret, so it is package-private,
 * never stored and never printed ({@link #toString()} redacts).
 */
final class PresentedKey {

    /** What every key starts with, so that secret scanners and humans recognise it. */
    static final String PREFIX = "wk-";

    private static final Pattern FORM = Pattern.compile("wk-([0-9a-f]{16})\\.([A-Za-z0-9_-]{43})");
    private static final int ID_BYTES = 8;
    private static final int SECRET_BYTES = 32;

    private final String keyId;
    private final String text;

    private PresentedKey(String keyId, String text) {
        this.keyId = keyId;
        this.text = text;
    }

    /** A new key: random id and secret from {@code random}. */
    static PresentedKey generate(SecureRandom random) {
        byte[] id = new byte[ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new PresentedKey(keyId, PREFIX + keyId + "." + encoded);
    }

    /**
     * Parses a presented key.
     *
     * @return empty when {@code presented} is null or not of the form {@code wk-<16 hex>.<43 base64url>}
     *     (including a secret that does not decode to exactly 32 bytes)
     */
    static Optional<PresentedKey> parse(String presented) {
        if (presented == null || presented.length() != PREFIX.length() + 16 + 1 + 43) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(presented);
        if (!m.matches()) {
            return Optional.empty();
        }
        // 43 base64url characters carry 258 bits: the last character's 2 low bits must be zero, so that each
        // 32-byte secret has exactly one presented form.
        String secret = m.group(2);
        byte[] decoded = Base64.getUrlDecoder().decode(secret);
        if (decoded.length != SECRET_BYTES
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(decoded).equals(secret)) {
            return Optional.empty();
        }
        return Optional.of(new PresentedKey(m.group(1), presented));
    }

    /** The public key id. */
    String keyId() {
        return keyId;
    }

    /** The full presented key; only for handing to the client at creation. */
    String text() {
        return text;
    }

    /** SHA-256 of the full presented key's UTF-8 bytes: what Redis stores. */
    byte[] sha256() {
        return sha256(text);
    }

    /** SHA-256 of {@code text}'s UTF-8 bytes. */
    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** The key id only. */
    @Override
    public String toString() {
        return "PresentedKey[wk-" + keyId + ".<redacted>]";
    }
}
