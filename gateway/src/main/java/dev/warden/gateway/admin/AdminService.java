package dev.warden.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.audit.AuditLog;
import dev.warden.gateway.auth.ApiKey;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.error.AuthenticationException;
import dev.warden.gateway.error.InvalidRequestException;
import dev.warden.gateway.error.NotFoundException;
import dev.warden.gateway.pipeline.AuthCache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The admin API's operations: API keys (create, list, revoke) and tenant policies (read, replace), and the
 * newest audit events. Every call needs the admin token ({@link #authorize}), compared in constant time.
 * Stored hashes never leave; a created key's secret is returned once.
 */
public final class AdminService {

    private static final String BEARER = "Bearer ";
    private static final int MAX_AUDIT = 1000;

    private final byte[] token;
    private final KeyStore keys;
    private final AuthCache cache;
    private final AuditLog audit;

    /**
     * The service.
     *
     * @param adminToken the admin token; empty disables the admin API
     * @param cache this replica's authentication cache, emptied of what a revocation or a policy change touches
     */
    public AdminService(Optional<String> adminToken, KeyStore keys, AuthCache cache, AuditLog audit) {
        this.token = adminToken.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.keys = Objects.requireNonNull(keys, "keys");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Checks the {@code Authorization} header.
     *
     * @throws AuthenticationException when it is not {@code Bearer <admin token>} or the admin API is disabled
     */
    public void authorize(String authorization) {
        if (token == null) {
            throw AuthenticationException.admin(false);
        }
        byte[] presented = authorization != null && authorization.startsWith(BEARER)
                ? authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, presented)) {
            throw AuthenticationException.admin(true);
        }
    }

    /**
     * Creates a key from {@code {"tenant": "...", "allowed_models": ["..."]}} (models optional: all).
     *
     * @return the key with its secret
     */
    public Uni<AdminKey> create(JsonNode body) {
        JsonNode tenant = body.path("tenant");
        if (!tenant.isTextual()) {
            throw InvalidRequestException.missing("tenant");
        }
        Set<String> models = new LinkedHashSet<>();
        JsonNode allowed = body.path("allowed_models");
        if (!allowed.isMissingNode() && !allowed.isNull()) {
            if (!allowed.isArray()) {
                throw InvalidRequestException.invalidValue("allowed_models", "allowed_models must be an array of"
                        + " model names");
            }
            for (JsonNode model : allowed) {
                if (!model.isTextual()) {
                    throw InvalidRequestException.invalidValue("allowed_models", "each model must be a string");
                }
                models.add(model.textValue());
            }
        }
        checked("tenant", () -> TenantPolicy.requireTenant(tenant.textValue()));
        checked("allowed_models", () -> ApiKey.requireModels(models));
        return keys.create(tenant.textValue(), models).map(created -> AdminKey.created(created.key(), created.secret()));
    }

    /** Every key (revoked ones included), or one tenant's. */
    public Uni<List<AdminKey>> list(Optional<String> tenant) {
        tenant.ifPresent(t -> checked("tenant", () -> TenantPolicy.requireTenant(t)));
        return keys.list(tenant).map(found -> found.stream().map(AdminKey::of).toList());
    }

    /**
     * Revokes a key. Idempotent: revoking a key that is revoked already succeeds too (a retried DELETE is not an
     * error), and the key stays revoked.
     *
     * @throws NotFoundException (in the Uni) when no key has this id
     */
    public Uni<Void> revoke(String keyId) {
        checked("key_id", () -> ApiKey.requireKeyId(keyId));
        return keys.revoke(keyId).invoke(revocation -> {
            cache.invalidateKey(keyId);
            if (revocation == KeyStore.Revocation.UNKNOWN) {
                throw NotFoundException.key(keyId);
            }
        }).replaceWithVoid();
    }

    /** The tenant's policy as JSON (snake_case). */
    public Uni<Map<String, Object>> policy(String tenant) {
        checked("tenant", () -> TenantPolicy.requireTenant(tenant));
        return keys.policy(tenant).map(p -> p.toJson().getMap());
    }

    /**
     * Replaces the tenant's policy with {@code body} (missing fields take the defaults).
     *
     * @return the stored policy as JSON
     */
    public Uni<Map<String, Object>> setPolicy(String tenant, JsonNode body) {
        if (!body.isObject()) {
            throw InvalidRequestException.invalidJson("expected a JSON object");
        }
        checked("tenant", () -> TenantPolicy.requireTenant(tenant));
        TenantPolicy policy = checked(null, () -> TenantPolicy.fromJson(new JsonObject(body.toString())));
        return keys.setPolicy(tenant, policy).invoke(() -> cache.invalidateTenant(tenant))
                .replaceWith(() -> policy.toJson().getMap());
    }

    /** The newest {@code count} audit events (1 to 1000), newest first. */
    public Uni<List<AdminAuditEntry>> audit(int count) {
        if (count < 1 || count > MAX_AUDIT) {
            throw InvalidRequestException.invalidValue("count", "count must be in 1.." + MAX_AUDIT);
        }
        return audit.read(count).map(entries -> entries.stream().map(AdminAuditEntry::of).toList());
    }

    /**
     * Runs a domain check of the caller's input: its {@link IllegalArgumentException} is the caller's mistake,
     * a 400 {@code invalid_value} naming {@code param}. (The error mapper maps only the project's exceptions, so
     * an IllegalArgumentException anywhere else is a bug and a 500.)
     */
    private static <T> T checked(String param, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.invalidValue(param, e.getMessage());
        }
    }
}
