package dev.warden.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PresentedKeyTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedKeyHasTheDocumentedFormAndParsesBack() throws Exception {
        PresentedKey key = PresentedKey.generate(random);
        assertTrue(key.text().matches("wk-[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}"), "form");
        PresentedKey parsed = PresentedKey.parse(key.text()).orElseThrow();
        assertEquals(key.keyId(), parsed.keyId());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(key.text().getBytes(StandardCharsets.UTF_8)),
                parsed.sha256());
        assertNotEquals(key.text(), PresentedKey.generate(random).text());
    }

    @Test
    void malformedKeysDoNotParse() {
        String good = PresentedKey.generate(random).text();
        String[] bad = {
            null, "", "wk-", good.substring(1), "xk" + good.substring(2), good + "A",
            good.substring(0, good.length() - 1),
            good.replace('.', '-'), "wk-" + good.substring(3, 19).toUpperCase() + good.substring(19),
            good.substring(0, 20) + "+" + good.substring(21), good.substring(0, 20) + "=" + good.substring(21),
            "Bearer " + good,
        };
        for (String b : bad) {
            assertTrue(PresentedKey.parse(b).isEmpty(), "should not parse: " + b);
        }
    }

    @Test
    void onlyTheCanonicalEncodingOfASecretParses() {
        String good = PresentedKey.generate(random).text();
        // the 43rd character carries 2 unused bits; a variant with them set decodes to the same bytes
        char last = good.charAt(good.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char variant = alphabet.charAt(alphabet.indexOf(last) | 1);
        String other = good.substring(0, good.length() - 1) + variant;
        assertTrue(PresentedKey.parse(other).isEmpty());
        assertTrue(PresentedKey.parse(good).isPresent());
    }

    @Test
    void toStringRedactsTheSecret() {
        PresentedKey key = PresentedKey.generate(random);
        String secretPart = key.text().substring(key.text().indexOf('.') + 1);
        assertFalse(key.toString().contains(secretPart));
        assertTrue(key.toString().contains(key.keyId()));
    }
}
