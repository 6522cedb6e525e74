package dev.warden.gateway.auth;

import static dev.warden.gateway.state.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.audit.AuditAction;
import dev.warden.gateway.audit.AuditEvent;
import dev.warden.gateway.state.RedisFixture;
import dev.warden.gateway.state.RedisState;
import dev.warden.gateway.state.StateUnavailableException;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The secret part of a key appears nowhere but in {@link CreatedKey#secret()}. */
class SecretHygieneTest {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.open();
    private static final KeyStore store = new KeyStore(redis.state());
    private static CreatedKey created;
    private static String secretPart;

    @BeforeAll
    static void createKey() {
        created = await(store.create("hygiene", Set.of("demo")));
        secretPart = created.secret().substring(created.secret().indexOf('.') + 1);
    }

    @Test
    void noRecordsToStringShowsTheSecret() {
        Authenticated auth = await(store.authenticate(created.secret())).orElseThrow();
        KeyRecord stored = new KeyRecord(created.key(), PresentedKey.sha256(created.secret()));
        List<Object> records = List.of(created, created.key(), auth, auth.policy(), stored,
                PresentedKey.parse(created.secret()).orElseThrow(),
                AuditEvent.builder("req-1", AuditAction.ALLOWED).tenant("hygiene").keyId(created.key().keyId()).build(),
                await(store.list(Optional.of("hygiene"))));
        for (Object record : records) {
            assertFalse(record.toString().contains(secretPart), record.getClass().getSimpleName() + " leaks");
        }
        assertTrue(created.toString().contains(created.key().keyId()), "the id is shown");
    }

    @Test
    void redisHoldsNoSecret() {
        List<String> values = new ArrayList<>();
        for (String key : redis.keys()) {
            String type = redis.send(Request.cmd(Command.TYPE).arg(key)).toString();
            Response dump = switch (type) {
                case "hash" -> redis.send(Request.cmd(Command.HGETALL).arg(key));
                case "set" -> redis.send(Request.cmd(Command.SMEMBERS).arg(key));
                default -> redis.send(Request.cmd(Command.GET).arg(key));
            };
            values.add(key + "=" + dump);
        }
        assertTrue(values.stream().anyMatch(v -> v.contains(created.key().keyId())), values.toString());
        assertTrue(values.stream().noneMatch(v -> v.contains(secretPart)), "a secret reached Redis");
    }

    @Test
    void failuresDoNotCarryTheSecret() {
        Redis nowhere = Redis.createClient(redis.vertx(), "redis://127.0.0.1:1");
        try {
            KeyStore offline = new KeyStore(new RedisState(nowhere, redis.namespace(), Duration.ofSeconds(5)));
            StateUnavailableException e = assertThrows(StateUnavailableException.class,
                    () -> await(offline.authenticate(created.secret())));
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(secretPart), t.getClass().getName());
            }
        } finally {
            nowhere.close();
        }
        IllegalArgumentException wrongPair = assertThrows(IllegalArgumentException.class,
                () -> new CreatedKey(await(store.create("hygiene", Set.of())).key(), created.secret()));
        assertFalse(wrongPair.getMessage().contains(secretPart));
    }
}
