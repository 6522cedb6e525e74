package dev.warden.gateway.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.warden.gateway.auth.Authenticated;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Successful authentications kept for a short time, so that a busy key costs no Redis round trips for its key
 * record and its tenant's policy. Entries are found by the SHA-256 of the presented key (the cache holds no
 * secret), expire after the TTL, and are dropped at once on this replica when the admin API revokes the key or
 * changes the tenant's policy; other replicas see such changes within the TTL. Failed authentications are never
 * cached. A TTL of zero disables the cache. Bounded by Caffeine (size-bounded, expiring after write; eviction
 * runs on the calling thread, so the size is exact when a call returns). Thread-safe.
 */
public final class AuthCache {

    private final boolean enabled;
    private final Cache<String, Authenticated> entries;

    /**
     * A cache.
     *
     * @param ttl how long an authentication is reused; zero disables the cache
     * @param maxEntries the most entries kept (beyond it, Caffeine evicts the least useful)
     */
    public AuthCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    /** A cache reading {@code time} (nanoseconds); for tests. */
    public AuthCache(Duration ttl, int maxEntries, LongSupplier time) {
        Objects.requireNonNull(time, "time");
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("the TTL must be >= 0 and maxEntries >= 1, got " + ttl + ", " + maxEntries);
        }
        this.enabled = !ttl.isZero();
        this.entries = Caffeine.newBuilder().expireAfterWrite(enabled ? ttl : Duration.ofNanos(1))
                .maximumSize(maxEntries).ticker(time::getAsLong).executor(Runnable::run).build();
    }

    /** A disabled cache. */
    public static AuthCache disabled() {
        return new AuthCache(Duration.ZERO, 1);
    }

    /** Whether the cache keeps anything. */
    public boolean enabled() {
        return enabled;
    }

    /** The cached authentication of {@code presentedKey}, or null. */
    public Authenticated get(String presentedKey) {
        return enabled ? entries.getIfPresent(digest(presentedKey)) : null;
    }

    /** Keeps a successful authentication. */
    public void put(String presentedKey, Authenticated caller) {
        Objects.requireNonNull(caller, "caller");
        if (enabled) {
            entries.put(digest(presentedKey), caller);
        }
    }

    /** Drops the entries of key {@code keyId}. */
    public void invalidateKey(String keyId) {
        entries.asMap().values().removeIf(c -> c.key().keyId().equals(keyId));
    }

    /** Drops the entries of {@code tenant}'s keys. */
    public void invalidateTenant(String tenant) {
        entries.asMap().values().removeIf(c -> c.tenant().equals(tenant));
    }

    /** The number of live entries (expired and evicted ones cleaned up first). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private static String digest(String presentedKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(presentedKey.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
