package dev.warden.gateway.auth;

import java.util.Objects;

/**
 * A key just created: its record and the full key to hand to the client, returned this once and never
 * stored. {@link #toString()} leaves the secret out.
 *
 * @param key the stored record
 * @param secret the full presented key, {@code wk-<keyId>.<secret>}
 */
public record CreatedKey(ApiKey key, String secret) {

    /** Checks that the secret is the presented form of this key. */
    public CreatedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
        if (!PresentedKey.parse(secret).map(p -> p.keyId().equals(key.keyId())).orElse(false)) {
            throw new IllegalArgumentException("the secret is not a well-formed key for key id " + key.keyId());
        }
    }

    /** The record, with the secret redacted. */
    @Override
    public String toString() {
        return "CreatedKey[key=" + key + ", secret=wk-" + key.keyId() + ".<redacted>]";
    }
}
