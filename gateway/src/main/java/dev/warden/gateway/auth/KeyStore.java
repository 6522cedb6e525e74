package dev.warden.gateway.auth;

import dev.warden.gateway.state.RedisScript;
import dev.warden.gateway.state.RedisState;
import dev.warden.gateway.state.StateUnavailableException;
import dev.warden.gateway.state.StateUnavailableException.Reason;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * API keys and tenant policies in Redis. Keys are stored only as the SHA-256 of the presented key
 * {@code wk-<keyId>.<secret>} (a 32-byte random secret); authentication hashes what the client presents and
 * compares in constant time. Every method is asynchronous and non-blocking; Redis failures fail the
 * {@link Uni} with {@link StateUnavailableException}, bad arguments with {@link IllegalArgumentException}
 * (thrown at once, before anything is sent).
 *
 * <p>Thread-safe. Creation time comes from the Redis server's clock, so replicas agree.
 */
public final class KeyStore {

    private static final RedisScript CREATE = RedisScript.of("apikey-create", """
            -- KEYS[1] apikey hash, KEYS[2] set of all key ids, KEYS[3] the tenant's set of key ids
            -- ARGV[1] key id, ARGV[2] hex SHA-256, ARGV[3] tenant, ARGV[4] models (JSON array)
            -- returns the creation time in ms, or -1 when the id is taken
            if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
            local t = redis.call('TIME')
            local created = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
            redis.call('HSET', KEYS[1], 'hash', ARGV[2], 'tenant', ARGV[3], 'models', ARGV[4],
                'created_ms', created, 'revoked', '0')
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('SADD', KEYS[3], ARGV[1])
            return tonumber(created)
            """);

    private static final RedisScript REVOKE = RedisScript.of("apikey-revoke", """
            -- KEYS[1] apikey hash; returns 1 when this call revoked the key, 2 when it was revoked already,
            -- 0 when the key is unknown
            local revoked = redis.call('HGET', KEYS[1], 'revoked')
            if not revoked then return 0 end
            if revoked ~= '0' then return 2 end
            redis.call('HSET', KEYS[1], 'revoked', '1')
            return 1
            """);

    /** Compared against when the key id is unknown, so that both paths do the same work. */
    private static final byte[] DUMMY_HASH = new byte[32];
    private static final int CREATE_ATTEMPTS = 3;

    private final RedisState state;
    private final SecureRandom random;

    /** A store in {@code state}'s namespace, drawing keys from a new {@link SecureRandom}. */
    public KeyStore(RedisState state) {
        this(state, new SecureRandom());
    }

    /** A store drawing keys from {@code random} (tests may pass a seeded one). */
    public KeyStore(RedisState state, SecureRandom random) {
        this.state = Objects.requireNonNull(state, "state");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Creates a key for {@code tenant}.
     *
     * @param allowedModels the models it may call; empty for every model
     * @return the record and the full key, which is not stored and cannot be shown again
     * @throws IllegalArgumentException for an invalid tenant name or model name
     */
    public Uni<CreatedKey> create(String tenant, Set<String> allowedModels) {
        TenantPolicy.requireTenant(tenant);
        Set<String> models = ApiKey.requireModels(allowedModels);
        return createAttempt(tenant, models, CREATE_ATTEMPTS);
    }

    private Uni<CreatedKey> createAttempt(String tenant, Set<String> models, int attemptsLeft) {
        PresentedKey presented = PresentedKey.generate(random);
        String keyId = presented.keyId();
        return state.eval("create key", CREATE,
                        List.of(keyKey(keyId), allKeysKey(), tenantKeysKey(tenant)),
                        List.of(keyId, HexFormat.of().formatHex(presented.sha256()), tenant,
                                KeyRecord.modelsJson(models)))
                .flatMap(reply -> {
                    long created = reply.toLong();
                    if (created >= 0) {
                        ApiKey key = new ApiKey(keyId, tenant, models, Instant.ofEpochMilli(created), false);
                        return Uni.createFrom().item(new CreatedKey(key, presented.text()));
                    }
                    if (attemptsLeft > 1) {
                        return createAttempt(tenant, models, attemptsLeft - 1); // 64-bit id collision
                    }
                    return Uni.createFrom().failure(new IllegalStateException(
                            "key id collided " + CREATE_ATTEMPTS + " times: the random source is broken"));
                });
    }

    /**
     * Authenticates a presented key.
     *
     * @param presentedKey what the client sent (after {@code Bearer }), may be null
     * @return the key and its tenant's policy; empty when the key is malformed, unknown, wrong or revoked
     */
    public Uni<Optional<Authenticated>> authenticate(String presentedKey) {
        Optional<PresentedKey> parsed = PresentedKey.parse(presentedKey);
        if (parsed.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        PresentedKey presented = parsed.get();
        byte[] hash = presented.sha256();
        return state.send("authenticate", hmget(presented.keyId()))
                .map(reply -> KeyRecord.read("authenticate", presented.keyId(), reply))
                .flatMap(stored -> {
                    boolean match = MessageDigest.isEqual(hash, stored == null ? DUMMY_HASH : stored.hash());
                    if (!match || stored.key().revoked()) {
                        return Uni.createFrom().item(Optional.<Authenticated>empty());
                    }
                    return policy(stored.key().tenant()).map(p -> Optional.of(new Authenticated(stored.key(), p)));
                });
    }

    /**
     * Lists keys, revoked ones included, oldest first.
     *
     * @param tenant only this tenant's keys, or every key when empty
     */
    public Uni<List<ApiKey>> list(Optional<String> tenant) {
        Objects.requireNonNull(tenant, "tenant must not be null (Optional.empty() for every tenant)");
        String set = tenant.map(t -> tenantKeysKey(TenantPolicy.requireTenant(t))).orElse(allKeysKey());
        return state.send("list keys", Request.cmd(Command.SMEMBERS).arg(set))
                .flatMap(members -> {
                    List<String> ids = new ArrayList<>();
                    if (members != null) {
                        members.forEach(m -> ids.add(m.toString()));
                    }
                    return state.batch("list keys", ids.stream().map(this::hmget).toList())
                            .map(replies -> {
                                List<ApiKey> keys = new ArrayList<>();
                                for (int i = 0; i < ids.size(); i++) {
                                    KeyRecord stored = KeyRecord.read("list keys", ids.get(i), replies.get(i));
                                    if (stored != null) {
                                        keys.add(stored.key());
                                    }
                                }
                                keys.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::keyId));
                                return keys;
                            });
                });
    }

    /** What {@link #revoke} did. */
    public enum Revocation {
        /** This call revoked the key. */
        REVOKED,
        /** The key was revoked before; nothing changed. */
        ALREADY_REVOKED,
        /** No key has this id. */
        UNKNOWN
    }

    /**
     * Revokes a key; it never authenticates again (the record stays, marked revoked, for listing). Idempotent.
     *
     * @throws IllegalArgumentException when {@code keyId} is not a key id
     */
    public Uni<Revocation> revoke(String keyId) {
        ApiKey.requireKeyId(keyId);
        return state.eval("revoke key", REVOKE, List.of(keyKey(keyId)), List.of())
                .map(reply -> switch (reply.toLong().intValue()) {
                    case 1 -> Revocation.REVOKED;
                    case 2 -> Revocation.ALREADY_REVOKED;
                    default -> Revocation.UNKNOWN;
                });
    }

    /** The tenant's policy: the stored one, or {@link TenantPolicy#defaults()} when none is stored. */
    public Uni<TenantPolicy> policy(String tenant) {
        TenantPolicy.requireTenant(tenant);
        return state.send("read policy", Request.cmd(Command.GET).arg(policyKey(tenant)))
                .map(reply -> {
                    if (reply == null) {
                        return TenantPolicy.defaults();
                    }
                    try {
                        return TenantPolicy.fromJson(new JsonObject(reply.toString()));
                    } catch (IllegalArgumentException | DecodeException e) {
                        throw new StateUnavailableException("read policy", Reason.CORRUPT, e);
                    }
                });
    }

    /** Stores the tenant's policy, replacing any previous one; applies from the next authentication. */
    public Uni<Void> setPolicy(String tenant, TenantPolicy policy) {
        TenantPolicy.requireTenant(tenant);
        Objects.requireNonNull(policy, "policy");
        return state.send("write policy", Request.cmd(Command.SET).arg(policyKey(tenant)).arg(policy.toJson().encode()))
                .replaceWithVoid();
    }

    private Request hmget(String keyId) {
        Request request = Request.cmd(Command.HMGET).arg(keyKey(keyId));
        KeyRecord.FIELDS.forEach(request::arg);
        return request;
    }

    private String keyKey(String keyId) {
        return state.key("apikey", keyId);
    }

    private String allKeysKey() {
        return state.key("apikeys");
    }

    private String tenantKeysKey(String tenant) {
        return state.key("tenant", tenant, "apikeys");
    }

    private String policyKey(String tenant) {
        return state.key("policy", tenant);
    }
}
