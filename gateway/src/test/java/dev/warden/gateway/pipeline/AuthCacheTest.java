package dev.warden.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.warden.gateway.auth.ApiKey;
import dev.warden.gateway.auth.Authenticated;
import dev.warden.gateway.auth.TenantPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final AuthCache cache = new AuthCache(Duration.ofSeconds(5), 3, now::get);

    private static Authenticated caller(String keyId, String tenant) {
        return new Authenticated(new ApiKey(keyId, tenant, Set.of(), Instant.EPOCH, false), TenantPolicy.defaults());
    }

    @Test
    void entriesAreReusedUntilTheTtl() {
        Authenticated a = caller("00000000000000aa", "t1");
        cache.put("wk-secret-a", a);
        now.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
        assertSame(a, cache.get("wk-secret-a"));
        now.addAndGet(1);
        assertNull(cache.get("wk-secret-a"));
        assertEquals(0, cache.size(), "an expired entry is dropped when read");
    }

    @Test
    void onlyTheExactPresentedKeyHits() {
        cache.put("wk-secret-a", caller("00000000000000aa", "t1"));
        assertNull(cache.get("wk-secret-b"));
    }

    @Test
    void revocationAndPolicyChangesDropEntries() {
        cache.put("k1", caller("00000000000000aa", "t1"));
        cache.put("k2", caller("00000000000000bb", "t1"));
        cache.put("k3", caller("00000000000000cc", "t2"));
        cache.invalidateKey("00000000000000aa");
        assertNull(cache.get("k1"));
        cache.invalidateTenant("t1");
        assertNull(cache.get("k2"));
        assertEquals("t2", cache.get("k3").tenant());
    }

    @Test
    void aFullCacheStaysWithinItsBound() {
        for (int i = 0; i < 10; i++) {
            cache.put("k" + i, caller("00000000000000a" + i, "t"));
        }
        assertEquals(3, cache.size());
    }

    @Test
    void zeroTtlDisablesTheCache() {
        AuthCache off = AuthCache.disabled();
        off.put("k", caller("00000000000000aa", "t"));
        assertFalse(off.enabled());
        assertNull(off.get("k"));
    }
}
