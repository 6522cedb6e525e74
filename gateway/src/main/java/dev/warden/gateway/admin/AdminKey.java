package dev.warden.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.warden.gateway.auth.ApiKey;
import java.util.List;

/**
 * An API key as the admin API shows it: never the stored hash; the full key only in the answer to its creation.
 *
 * @param id the key id (16 hex characters)
 * @param object always {@code api_key}
 * @param tenant the tenant
 * @param allowedModels the models the key may use; empty for all
 * @param createdAt Unix seconds
 * @param revoked whether it was revoked
 * @param key the full key {@code wk-<id>.<secret>}, only when just created (else left out)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AdminKey(String id, String object, String tenant, List<String> allowedModels, long createdAt,
                       boolean revoked, @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    /** The view of a stored key (no secret). */
    public static AdminKey of(ApiKey key) {
        return new AdminKey(key.keyId(), "api_key", key.tenant(), List.copyOf(key.allowedModels()),
                key.createdAt().getEpochSecond(), key.revoked(), null);
    }

    /** The view of a key just created, with its secret (shown this once). */
    public static AdminKey created(ApiKey key, String secret) {
        return new AdminKey(key.keyId(), "api_key", key.tenant(), List.copyOf(key.allowedModels()),
                key.createdAt().getEpochSecond(), false, secret);
    }

    /** The secret left out. */
    @Override
    public String toString() {
        return "AdminKey[id=" + id + ", tenant=" + tenant + ", allowedModels=" + allowedModels + ", revoked="
                + revoked + (key == null ? "" : ", key=<redacted>") + "]";
    }
}
