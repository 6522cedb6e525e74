package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.auth.TenantPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static final TenantPolicy STORES = TenantPolicy.builder().storePromptText(true).build();

    private static AuditEvent.Builder full() {
        return AuditEvent.builder("req-7", AuditAction.BLOCKED).tenant("acme").keyId("0123456789abcdef")
                .model("demo").railFired("jailbreak").railFired("judge-input").category("S1").category("S9")
                .score("unsafe", 0.93).score("jailbreak", 0.88)
                .latency("judge", Duration.ofMillis(12)).latency("total", Duration.ofNanos(40_900_000));
    }

    @Test
    void builderCollectsEverythingInOrder() {
        AuditEvent e = full().prompt("How do I [STEP REDACTED]?", STORES).build();
        assertEquals(List.of("jailbreak", "judge-input"), e.railsFired());
        assertEquals(List.of("S1", "S9"), e.categories());
        assertEquals(Map.of("unsafe", 0.93, "jailbreak", 0.88), e.scores());
        assertEquals(Map.of("judge", 12L, "total", 40L), e.latenciesMs());
        assertEquals("How do I [STEP REDACTED]?", e.promptText());
        assertThrows(UnsupportedOperationException.class, () -> e.railsFired().add("x"));
    }

    @Test
    void promptIsKeptOnlyWhenThePolicyStoresPrompts() {
        assertNull(full().prompt("secret business plan", TenantPolicy.defaults()).build().promptText());
        assertNull(full().prompt("text", STORES).prompt("text", TenantPolicy.defaults()).build().promptText());
        assertNull(full().prompt(null, STORES).build().promptText());
    }

    @Test
    void longPromptIsCutWithoutSplittingASurrogatePair() {
        String prompt = "a".repeat(AuditEvent.MAX_PROMPT_CHARS - 1) + "\uD83D\uDE00" + "tail";
        String kept = full().prompt(prompt, STORES).build().promptText();
        assertEquals(AuditEvent.MAX_PROMPT_CHARS - 1, kept.length());
        assertTrue(Character.isLowSurrogate(prompt.charAt(AuditEvent.MAX_PROMPT_CHARS)));
    }

    @Test
    void toStringShowsThePromptsLengthNotItsText() {
        AuditEvent e = full().prompt("my private question", STORES).build();
        assertFalse(e.toString().contains("private"));
        assertTrue(e.toString().contains("<19 chars>"), e.toString());
    }

    @Test
    void aWholeKeyIsNeverAcceptedAsKeyId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> full().keyId("wk-0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").build());
        assertFalse(e.getMessage().contains("AAAA"));
    }

    @Test
    void rejectsBadComponents() {
        assertThrows(IllegalArgumentException.class,
                () -> AuditEvent.builder("has space", AuditAction.ALLOWED).build());
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.builder("", AuditAction.ALLOWED).build());
        assertThrows(NullPointerException.class, () -> AuditEvent.builder("r", null).build());
        assertThrows(IllegalArgumentException.class, () -> full().tenant("a:b").build());
        assertThrows(IllegalArgumentException.class, () -> full().score("unsafe", Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> full().latency("judge", Duration.ofMillis(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> full().railFired("two words").build());
        assertThrows(IllegalArgumentException.class, () -> full().model("").build());
        AuditEvent minimal = AuditEvent.builder("r", AuditAction.ERROR).build();
        assertNull(minimal.tenant());
        assertEquals(List.of(), minimal.categories());
    }

    @Test
    void actionsHaveLowerCaseWireNames() {
        assertEquals("cut", AuditAction.CUT.wire());
        for (AuditAction a : AuditAction.values()) {
            assertEquals(a, AuditAction.fromWire(a.wire()));
        }
        assertThrows(IllegalArgumentException.class, () -> AuditAction.fromWire("ALLOWED"));
    }

    @Test
    void streamFieldsRoundTripAndOmitWhatIsUnknown() {
        AuditEvent e = full().prompt("p", STORES).build();
        Map<String, String> fields = AuditLog.fields(e);
        assertEquals("blocked", fields.get("action"));
        assertEquals("0123456789abcdef", fields.get("key_id"));
        assertEquals("[\"S1\",\"S9\"]", fields.get("categories"));
        assertEquals(e, AuditLog.event(fields));

        Map<String, String> minimal = AuditLog.fields(AuditEvent.builder("r", AuditAction.ERROR).build());
        assertFalse(minimal.containsKey("tenant") || minimal.containsKey("key_id") || minimal.containsKey("prompt"));
    }
}
