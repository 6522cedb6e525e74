package dev.warden.gateway.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the gateway knows about an API key: never the secret, only its identity, owner and permissions.
 *
 * @param keyId the public identifier: 16 lowercase hex characters (safe in logs, metrics and audit events)
 * @param tenant the tenant the key belongs to (see {@link TenantPolicy#requireTenant(String)})
 * @param allowedModels the models the key may call, sorted; empty means every model
 * @param createdAt when the key was created (Redis server time, millisecond precision)
 * @param revoked whether the key was revoked (a revoked key never authenticates)
 */
public record ApiKey(String keyId, String tenant, Set<String> allowedModels, Instant createdAt, boolean revoked) {

    /** The most models one key may be restricted to. */
    public static final int MAX_MODELS = 256;

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final int MAX_MODEL_LENGTH = 256;

    /** Validates the components and freezes the model set. */
    public ApiKey {
        requireKeyId(keyId);
        TenantPolicy.requireTenant(tenant);
        allowedModels = requireModels(allowedModels);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether this key may call {@code model}: an empty allowed set allows every model. */
    public boolean allowsModel(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }

    /**
     * Checks the shape of a key id (16 lowercase hex characters), which also rejects a full presented key
     * handed over by mistake. The message never repeats the rejected value.
     *
     * @return the key id
     * @throws IllegalArgumentException when it is not a key id
     */
    public static String requireKeyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("a key id is 16 lowercase hex characters (the part between"
                    + " 'wk-' and '.' of a key); got " + (keyId == null ? "null" : keyId.length() + " characters"
                    + (keyId.startsWith(PresentedKey.PREFIX) ? " starting with '" + PresentedKey.PREFIX
                    + "' (a whole key, not its id)" : "")));
        }
        return keyId;
    }

    /**
     * Checks a set of model names (each 1 to 256 characters without whitespace or control characters, at
     * most {@link #MAX_MODELS}) and returns an unmodifiable sorted copy.
     *
     * @throws IllegalArgumentException naming the first offending model
     */
    public static Set<String> requireModels(Collection<String> models) {
        Objects.requireNonNull(models, "allowedModels must not be null (empty means every model)");
        if (models.size() > MAX_MODELS) {
            throw new IllegalArgumentException("a key may be restricted to at most " + MAX_MODELS
                    + " models, got " + models.size());
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String model : models) {
            if (model == null || model.isEmpty() || model.length() > MAX_MODEL_LENGTH
                    || model.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new IllegalArgumentException("a model name must be 1 to " + MAX_MODEL_LENGTH
                        + " characters without whitespace or control characters, got "
                        + (model == null ? "null" : "'" + model.replaceAll("\\p{Cntrl}", "?") + "'"));
            }
            sorted.add(model);
        }
        return Collections.unmodifiableSet(sorted);
    }
}
