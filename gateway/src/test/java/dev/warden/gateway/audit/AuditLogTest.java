package dev.warden.gateway.audit;

import static dev.warden.gateway.state.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.state.RedisFixture;
import dev.warden.gateway.state.RedisNamespace;
import dev.warden.gateway.state.RedisState;
import dev.warden.gateway.state.StateUnavailableException;
import dev.warden.gateway.state.StateUnavailableException.Reason;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditLogTest {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.open();

    /** An audit log in a sub-namespace of its own, so each test sees only its stream. */
    private static AuditLog log(String name, long maxLength) {
        RedisNamespace ns = RedisNamespace.of(redis.namespace().prefix() + name + ":");
        return new AuditLog(new RedisState(redis.client(), ns, Duration.ofSeconds(5)), maxLength);
    }

    @Test
    void recordedEventsReadBackNewestFirst() {
        AuditLog log = log("order", 100);
        Instant before = Instant.now().minusSeconds(5);
        for (int i = 0; i < 3; i++) {
            await(log.record(AuditEvent.builder("req-" + i, AuditAction.ALLOWED).tenant("acme")
                    .keyId("0123456789abcdef").model("demo").score("unsafe", 0.01 * i)
                    .latency("total", Duration.ofMillis(100 + i)).build()));
        }
        List<AuditEntry> entries = await(log.read(10));
        assertEquals(List.of("req-2", "req-1", "req-0"), entries.stream().map(e -> e.event().requestId()).toList());
        AuditEntry newest = entries.get(0);
        assertEquals(0.02, newest.event().scores().get("unsafe"), 1e-12);
        assertEquals(102L, newest.event().latenciesMs().get("total"));
        assertTrue(newest.time().isAfter(before));
        assertTrue(newest.id().startsWith(newest.time().toEpochMilli() + "-"), newest.id());
        assertEquals(2, await(log.read(2)).size());
    }

    @Test
    void promptTextIsStoredOnlyWhenThePolicySaysSo() {
        AuditLog log = log("prompt", 100);
        TenantPolicy keeps = TenantPolicy.builder().storePromptText(true).build();
        await(log.record(AuditEvent.builder("kept", AuditAction.BLOCKED).prompt("tell me [SUBSTANCE]", keeps).build()));
        await(log.record(AuditEvent.builder("dropped", AuditAction.BLOCKED)
                .prompt("tell me [SUBSTANCE]", TenantPolicy.defaults()).build()));

        Response raw = redis.send(Request.cmd(Command.XRANGE).arg(log.streamKey()).arg("-").arg("+"));
        assertEquals(2, raw.size());
        assertTrue(raw.get(0).get(1).toString().contains("tell me [SUBSTANCE]"), raw.get(0).toString());
        assertFalse(raw.get(1).toString().contains("SUBSTANCE"), raw.get(1).toString());
        List<AuditEntry> read = await(log.read(2));
        assertEquals(null, read.get(0).event().promptText());
        assertEquals("tell me [SUBSTANCE]", read.get(1).event().promptText());
    }

    @Test
    void streamIsCappedApproximately() {
        AuditLog log = log("capped", 10);
        for (int i = 0; i < 400; i++) {
            await(log.record(AuditEvent.builder("r" + i, AuditAction.ALLOWED).build()));
        }
        long length = redis.send(Request.cmd(Command.XLEN).arg(log.streamKey())).toLong();
        // MAXLEN ~ trims whole stream nodes (100 entries each by default): at least the cap stays
        assertTrue(length >= 10 && length < 400, "length " + length);
        assertEquals("r399", await(log.read(1)).get(0).event().requestId());
    }

    @Test
    void unreadableEntryIsCorrupt() {
        AuditLog log = log("corrupt", 100);
        redis.send(Request.cmd(Command.XADD).arg(log.streamKey()).arg("*").arg("request_id").arg("r")
                .arg("action").arg("exploded"));
        StateUnavailableException e = assertThrows(StateUnavailableException.class, () -> await(log.read(1)));
        assertEquals(Reason.CORRUPT, e.reason());
    }

    @Test
    void emptyStreamReadsEmptyAndBadArgumentsAreRejected() {
        AuditLog log = log("empty", 100);
        assertEquals(List.of(), await(log.read(5)));
        assertThrows(IllegalArgumentException.class, () -> log.read(0));
        assertThrows(IllegalArgumentException.class, () -> log.read(AuditLog.MAX_READ + 1));
        assertThrows(IllegalArgumentException.class, () -> new AuditLog(redis.state(), 0));
        assertEquals(redis.namespace().prefix() + "audit", new AuditLog(redis.state()).streamKey());
    }
}
