package dev.warden.gateway.pipeline;

import dev.warden.gateway.auth.Authenticated;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Successful authentications kept for a short time, so that a busy key costs no Redis round trips for its key
 * record and its tenant's policy. Entries are found by the SHA-256 of the presented key (the cache holds no
 * secret), expire after the TTL, and are dropped at once on this replica when the admin API revokes the key or
 * changes the tenant's policy; other replicas see such changes within the TTL. Failed authentications are never
 * cached. A TTL of zero disables the cache. Thread-safe.
 */
public final class AuthCache {

    private final LongSupplier time;
    private final long ttlNanos;
    private final int maxEntries;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * A cache.
     *
     * @param ttl how long an authentication is reused; zero disables the cache
     * @param maxEntries the most entries kept (the cache is emptied when full)
     */
    public AuthCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    /** A cache reading {@code time} (nanoseconds); for tests. */
    public AuthCache(Duration ttl, int maxEntries, LongSupplier time) {
        this.time = Objects.requireNonNull(time, "time");
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("the TTL must be >= 0 and maxEntries >= 1, got " + ttl + ", " + maxEntries);
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
    }

    /** A disabled cache. */
    public static AuthCache disabled() {
        return new AuthCache(Duration.ZERO, 1);
    }

    /** Whether the cache keeps anything. */
    public boolean enabled() {
        return ttlNanos > 0;
    }

    /** The cached authentication of {@code presentedKey}, or null. */
    public Authenticated get(String presentedKey) {
        if (!enabled()) {
            return null;
        }
        String id = digest(presentedKey);
        Entry entry = entries.get(id);
        if (entry == null) {
            return null;
        }
        if (time.getAsLong() - entry.storedAt() > ttlNanos) {
            entries.remove(id, entry);
            return null;
        }
        return entry.caller();
    }

    /** Keeps a successful authentication. */
    public void put(String presentedKey, Authenticated caller) {
        Objects.requireNonNull(caller, "caller");
        if (!enabled()) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(digest(presentedKey), new Entry(caller, time.getAsLong()));
    }

    /** Drops the entries of key {@code keyId}. */
    public void invalidateKey(String keyId) {
        entries.values().removeIf(e -> e.caller().key().keyId().equals(keyId));
    }

    /** Drops the entries of {@code tenant}'s keys. */
    public void invalidateTenant(String tenant) {
        entries.values().removeIf(e -> e.caller().tenant().equals(tenant));
    }

    /** The number of entries (expired ones included until read). */
    public int size() {
        return entries.size();
    }

    private static String digest(String presentedKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(presentedKey.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** A cached authentication and when it was stored ({@link System#nanoTime()}). */
    private record Entry(Authenticated caller, long storedAt) {
    }
}
