/**
 * API keys and tenant policies, kept in Redis. A key is shown once, at creation, as
 * {@code wk-<keyId>.<secret>}; Redis keeps only its SHA-256, the tenant it belongs to and the models it may
 * use. {@link dev.warden.gateway.auth.KeyStore} creates, authenticates (constant-time comparison), lists and
 * revokes keys, and reads and writes each tenant's {@link dev.warden.gateway.auth.TenantPolicy} (limits,
 * rails, fail-open or fail-closed). No secret appears in a log line, a {@code toString()} or an exception.
 *
 * <p>Redis layout under the namespace {@code ns}: {@code ns apikey:<keyId>} (hash: hash, tenant, models,
 * created_ms, revoked), {@code ns apikeys} (set of every key id), {@code ns tenant:<tenant>:apikeys} (set
 * of the tenant's key ids), {@code ns policy:<tenant>} (the policy as JSON).
 */
package dev.warden.gateway.auth;
