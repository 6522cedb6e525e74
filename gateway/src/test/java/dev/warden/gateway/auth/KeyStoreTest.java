package dev.warden.gateway.auth;

import static dev.warden.gateway.state.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.state.RedisFixture;
import dev.warden.gateway.state.StateUnavailableException;
import dev.warden.gateway.state.StateUnavailableException.Reason;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KeyStoreTest {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.open();
    private static final KeyStore store = new KeyStore(redis.state());

    @Test
    void createdKeyAuthenticatesWithItsTenantsPolicy() {
        TenantPolicy policy = TenantPolicy.builder().requestsPerMinute(42).failOpen(true).build();
        await(store.setPolicy("auth-ok", policy));
        Instant before = Instant.now().minusSeconds(5);

        CreatedKey created = await(store.create("auth-ok", Set.of("demo", "llama-3")));
        assertTrue(created.secret().startsWith("wk-" + created.key().keyId() + "."));
        assertEquals(Set.of("demo", "llama-3"), created.key().allowedModels());
        assertTrue(created.key().createdAt().isAfter(before), "creation time from Redis' clock");
        assertFalse(created.key().revoked());

        Authenticated auth = await(store.authenticate(created.secret())).orElseThrow();
        assertEquals(created.key(), auth.key());
        assertEquals("auth-ok", auth.tenant());
        assertEquals(policy, auth.policy());
        assertTrue(auth.allowsModel("demo"));
        assertFalse(auth.allowsModel("other"));
    }

    @Test
    void keyWithoutModelRestrictionAllowsEveryModelAndGetsDefaultPolicy() {
        CreatedKey created = await(store.create("auth-open", Set.of()));
        Authenticated auth = await(store.authenticate(created.secret())).orElseThrow();
        assertTrue(auth.allowsModel("anything"));
        assertEquals(TenantPolicy.defaults(), auth.policy());
    }

    @Test
    void wrongSecretUnknownIdAndMalformedKeysDoNotAuthenticate() {
        CreatedKey created = await(store.create("auth-bad", Set.of()));
        String secret = created.secret();
        char last = secret.charAt(secret.length() - 2);
        String wrongSecret = secret.substring(0, secret.length() - 2) + (last == 'A' ? 'B' : 'A')
                + secret.charAt(secret.length() - 1);
        String unknownId = "wk-" + "0".repeat(16) + secret.substring(secret.indexOf('.'));
        for (String presented : new String[] {wrongSecret, unknownId, null, "", "sk-abc", secret + " "}) {
            assertEquals(Optional.empty(), await(store.authenticate(presented)));
        }
        assertTrue(await(store.authenticate(secret)).isPresent());
    }

    @Test
    void revokedKeyNoLongerAuthenticatesAndRevokeIsIdempotent() {
        CreatedKey created = await(store.create("auth-revoke", Set.of()));
        assertEquals(KeyStore.Revocation.REVOKED, await(store.revoke(created.key().keyId())));
        assertEquals(KeyStore.Revocation.ALREADY_REVOKED, await(store.revoke(created.key().keyId())));
        assertEquals(Optional.empty(), await(store.authenticate(created.secret())));
        assertEquals(KeyStore.Revocation.UNKNOWN, await(store.revoke("0123456789abcdef")));
        List<ApiKey> listed = await(store.list(Optional.of("auth-revoke")));
        assertEquals(1, listed.size());
        assertTrue(listed.get(0).revoked());
    }

    @Test
    void listsByTenantOldestFirstAndAll() {
        CreatedKey a = await(store.create("list-a", Set.of()));
        CreatedKey b = await(store.create("list-a", Set.of("m")));
        CreatedKey c = await(store.create("list-b", Set.of()));

        List<ApiKey> tenantA = await(store.list(Optional.of("list-a")));
        assertEquals(Set.of(a.key(), b.key()), Set.copyOf(tenantA));
        assertTrue(!tenantA.get(0).createdAt().isAfter(tenantA.get(1).createdAt()), "oldest first");
        assertEquals(List.of(c.key()), await(store.list(Optional.of("list-b"))));
        assertEquals(List.of(), await(store.list(Optional.of("nobody"))));
        assertTrue(await(store.list(Optional.empty())).containsAll(List.of(a.key(), b.key(), c.key())));
    }

    @Test
    void policyDefaultsUntilSetAndSetReplaces() {
        assertEquals(TenantPolicy.defaults(), await(store.policy("policy-t")));
        TenantPolicy first = TenantPolicy.builder().tokensPerMinute(10).build();
        await(store.setPolicy("policy-t", first));
        assertEquals(first, await(store.policy("policy-t")));
        TenantPolicy second = first.toBuilder().storePromptText(true).build();
        await(store.setPolicy("policy-t", second));
        assertEquals(second, await(store.policy("policy-t")));
    }

    @Test
    void unreadableStoredPolicyIsCorrupt() {
        redis.send(Request.cmd(Command.SET).arg(redis.state().key("policy", "corrupt-t")).arg("{not json"));
        StateUnavailableException e = assertThrows(StateUnavailableException.class,
                () -> await(store.policy("corrupt-t")));
        assertEquals(Reason.CORRUPT, e.reason());
    }

    @Test
    void badArgumentsAreRejectedBeforeAnythingIsSent() {
        IllegalArgumentException tenant = assertThrows(IllegalArgumentException.class,
                () -> store.create("bad tenant", Set.of()));
        assertTrue(tenant.getMessage().startsWith("a tenant name must be"), tenant.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.create("t", Set.of("has space")));
        assertThrows(NullPointerException.class, () -> store.create("t", null));
        assertThrows(IllegalArgumentException.class, () -> store.policy("a:b"));
        assertThrows(IllegalArgumentException.class, () -> store.list(Optional.of("*")));
        IllegalArgumentException wholeKey = assertThrows(IllegalArgumentException.class,
                () -> store.revoke("wk-0123456789abcdef.x"));
        assertFalse(wholeKey.getMessage().contains("0123456789abcdef"), "the value is not echoed");
        assertTrue(wholeKey.getMessage().contains("a whole key"), wholeKey.getMessage());
    }

    @Test
    void keysAreDistinctAndStoredOnlyAsHashes() {
        CreatedKey one = await(store.create("distinct", Set.of()));
        CreatedKey two = await(store.create("distinct", Set.of()));
        assertNotEquals(one.key().keyId(), two.key().keyId());
        assertNotEquals(one.secret(), two.secret());
        String storedHash = redis.send(Request.cmd(Command.HGET)
                .arg(redis.state().key("apikey", one.key().keyId())).arg("hash")).toString();
        assertEquals(java.util.HexFormat.of().formatHex(PresentedKey.sha256(one.secret())), storedHash);
    }

    @Test
    void unreachableRedisFailsWithStateUnavailable() {
        io.vertx.mutiny.redis.client.Redis nowhere =
                io.vertx.mutiny.redis.client.Redis.createClient(redis.vertx(), "redis://127.0.0.1:1");
        try {
            KeyStore offline = new KeyStore(new dev.warden.gateway.state.RedisState(nowhere, redis.namespace(),
                    Duration.ofSeconds(5)));
            CreatedKey created = await(store.create("offline", Set.of()));
            StateUnavailableException e = assertThrows(StateUnavailableException.class,
                    () -> await(offline.authenticate(created.secret())));
            assertEquals(Reason.UNREACHABLE, e.reason());
            assertEquals("authenticate", e.operation());
            assertThrows(StateUnavailableException.class, () -> await(offline.create("offline", Set.of())));
        } finally {
            nowhere.close();
        }
    }
}
