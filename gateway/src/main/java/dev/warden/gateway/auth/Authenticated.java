package dev.warden.gateway.auth;

import java.util.Objects;

/**
 * A request's authenticated identity: the key that was presented (never its secret) and the policy of the
 * key's tenant at the time of authentication.
 *
 * @param key the key's record (not revoked)
 * @param policy the tenant's policy ({@link TenantPolicy#defaults()} when none is stored)
 */
public record Authenticated(ApiKey key, TenantPolicy policy) {

    /** Checks the components. */
    public Authenticated {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(policy, "policy");
    }

    /** The tenant the request is accounted to. */
    public String tenant() {
        return key.tenant();
    }

    /** Whether the key may call {@code model}. */
    public boolean allowsModel(String model) {
        return key.allowsModel(model);
    }
}
