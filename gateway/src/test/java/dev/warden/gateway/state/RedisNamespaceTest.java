package dev.warden.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisNamespaceTest {

    @Test
    void defaultPrefixJoinsPartsWithColons() {
        assertEquals("warden:", RedisNamespace.DEFAULT.prefix());
        assertEquals("warden:ratelimit:abc", RedisNamespace.DEFAULT.key("ratelimit", "abc"));
        assertEquals("warden:*", RedisNamespace.DEFAULT.pattern());
        assertEquals("{w}:audit", RedisNamespace.of("{w}:").key("audit"));
    }

    @Test
    void rejectsPrefixesThatCouldEscapeOrGlob() {
        for (String bad : new String[] {"", "a b:", "warden*:", "a?", "x".repeat(65), "new\nline"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisNamespace.of(bad));
            assertTrue(e.getMessage().contains("namespace prefix"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> RedisNamespace.of(null));
    }

    @Test
    void segmentsMayNotContainSeparatorsOrControlCharacters() {
        assertEquals("abc-1.2_x", RedisNamespace.requireSegment("keyId", "abc-1.2_x"));
        IllegalArgumentException colon = assertThrows(IllegalArgumentException.class,
                () -> RedisNamespace.requireSegment("keyId", "a:b"));
        assertTrue(colon.getMessage().startsWith("keyId must be"), colon.getMessage());
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> RedisNamespace.requireSegment("tenant", "a\u0007b"));
        assertTrue(control.getMessage().contains("\\u0007"), control.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RedisNamespace.requireSegment("keyId", ""));
        assertThrows(IllegalArgumentException.class, () -> RedisNamespace.requireSegment("keyId", null));
    }
}
