package dev.warden.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TenantPolicyTest {

    @Test
    void defaultsFailClosedAndKeepNoPromptText() {
        TenantPolicy d = TenantPolicy.defaults();
        assertFalse(d.failOpen());
        assertFalse(d.storePromptText());
        assertEquals(0.5f, d.blockThreshold());
        assertTrue(d.inputRails() && d.outputRails() && d.defensePrompt());
        assertFalse(d.suffixPerplexity(), "the suffix-perplexity rail costs a forward pass: tenants opt in");
        assertEquals(600, d.requestsPerMinute());
        assertEquals(100_000, d.tokensPerMinute());
    }

    @Test
    void builderChangesOnlyWhatItIsTold() {
        TenantPolicy p = TenantPolicy.builder().requestsPerMinute(5).failOpen(true).blockThreshold(0.8f).build();
        assertEquals(new TenantPolicy(5, 100_000, true, true, true, true, false, 0.8f, false, null, null), p);
        assertEquals(p, p.toBuilder().build());
        assertFalse(p.toBuilder().inputRails(false).outputRails(false).defensePrompt(false).build().inputRails());
    }

    @Test
    void rejectsNonPositiveLimitsAndThresholdsOutsideTheUnitInterval() {
        IllegalArgumentException rpm = assertThrows(IllegalArgumentException.class,
                () -> TenantPolicy.builder().requestsPerMinute(0).build());
        assertEquals("requestsPerMinute must be in 1..1000000000000, got 0", rpm.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TenantPolicy.builder().tokensPerMinute(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> TenantPolicy.builder().tokensPerMinute(TenantPolicy.MAX_LIMIT + 1).build());
        for (float bad : new float[] {0f, -0.1f, 1.01f, Float.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TenantPolicy.builder().blockThreshold(bad).build());
            assertTrue(e.getMessage().startsWith("blockThreshold must be in (0, 1]"), e.getMessage());
        }
        assertEquals(1f, TenantPolicy.builder().blockThreshold(1f).build().blockThreshold());
    }

    @Test
    void jsonRoundTripsWithSnakeCaseNames() {
        TenantPolicy p = new TenantPolicy(7, 9000, false, true, false, true, true, 0.25f, true,
                dev.warden.guard.learned.OperatingPoint.STRICT, true);
        JsonObject json = p.toJson();
        assertEquals("strict", json.getString("rails_point"));
        assertEquals(true, json.getBoolean("injection_on_user_messages"));
        assertEquals(TenantPolicy.defaults(), TenantPolicy.fromJson(new JsonObject(TenantPolicy.defaults().toJson().encode())),
                "no rails point, no injection-on-user choice (the gateway's) round-trip as null");
        assertTrue(TenantPolicy.defaults().toJson().containsKey("injection_on_user_messages"));
        assertEquals(7L, json.getLong("requests_per_minute"));
        assertEquals(true, json.getBoolean("store_prompt_text"));
        assertEquals(true, json.getBoolean("suffix_perplexity"));
        assertEquals(p, TenantPolicy.fromJson(new JsonObject(json.encode())));
    }

    @Test
    void missingJsonNamesTakeDefaultsAndWrongTypesAreRejected() {
        TenantPolicy p = TenantPolicy.fromJson(new JsonObject().put("fail_open", true).put("future_knob", 3));
        assertEquals(TenantPolicy.defaults().toBuilder().failOpen(true).build(), p);
        assertThrows(IllegalArgumentException.class,
                () -> TenantPolicy.fromJson(new JsonObject().put("requests_per_minute", "many")));
        assertThrows(IllegalArgumentException.class,
                () -> TenantPolicy.fromJson(new JsonObject().put("requests_per_minute", 0)));
    }

    /** A tenant may pick the learned rails' operating point; absent or null keeps the gateway's; a bad one is refused. */
    @Test
    void railsPointIsAnOperatingPointOrTheGatewaysOwn() {
        assertEquals(null, TenantPolicy.defaults().railsPoint());
        assertEquals(dev.warden.guard.learned.OperatingPoint.LENIENT,
                TenantPolicy.fromJson(new JsonObject().put("rails_point", "lenient")).railsPoint());
        assertEquals(null, TenantPolicy.fromJson(new JsonObject().putNull("rails_point")).railsPoint());
        IllegalArgumentException loose = assertThrows(IllegalArgumentException.class,
                () -> TenantPolicy.fromJson(new JsonObject().put("rails_point", "loose")));
        assertTrue(loose.getMessage().startsWith("rails_point: "), loose.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TenantPolicy.fromJson(new JsonObject().put("rails_point", 2)));
    }

    /**
     * A tenant may turn the learned injection head on user messages on or off; absent (a policy stored before the
     * field existed) or null keeps the gateway's setting; anything but a boolean is refused.
     */
    @Test
    void injectionOnUserMessagesIsABooleanOrTheGatewaysOwn() {
        assertEquals(null, TenantPolicy.defaults().injectionOnUserMessages());
        TenantPolicy older = TenantPolicy.fromJson(new JsonObject().put("requests_per_minute", 5)
                .put("rails_point", "strict"));
        assertEquals(null, older.injectionOnUserMessages());
        assertEquals(null, TenantPolicy.fromJson(new JsonObject().putNull("injection_on_user_messages"))
                .injectionOnUserMessages());
        for (boolean on : new boolean[] {true, false}) {
            TenantPolicy p = TenantPolicy.fromJson(new JsonObject().put("injection_on_user_messages", on));
            assertEquals(on, p.injectionOnUserMessages());
            assertEquals(p, TenantPolicy.builder().injectionOnUserMessages(on).build());
        }
        for (Object bad : new Object[] {"yes", "true", 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TenantPolicy.fromJson(new JsonObject().put("injection_on_user_messages", bad)));
            assertTrue(e.getMessage().startsWith("injection_on_user_messages must be"), e.getMessage());
        }
    }

    @Test
    void tenantNamesAreShortIdentifiers() {
        assertEquals("acme-1.prod_x", TenantPolicy.requireTenant("acme-1.prod_x"));
        for (String bad : new String[] {"", "-acme", "acme:prod", "a b", "a*", "x".repeat(65), "tab\t"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TenantPolicy.requireTenant(bad));
            assertTrue(e.getMessage().startsWith("a tenant name must be"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TenantPolicy.requireTenant(null));
    }
}
