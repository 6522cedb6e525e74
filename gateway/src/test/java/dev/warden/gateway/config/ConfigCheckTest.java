package dev.warden.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.proto.v1.RequestLimit;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

    private static GatewayConfig config(Map<String, String> values) {
        // Quarkus's converter reads "5s" and "5m" as Quarkus does
        return new SmallRyeConfigBuilder().withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 100)).build()
                .getConfigMapping(GatewayConfig.class);
    }

    @Test
    void defaultsAreValid() {
        GatewayConfig config = config(Map.of("warden.gateway.models.\"demo-aligned\".target", "inference:9001"));
        ConfigCheck.validate(config);
        assertEquals("localhost:9002", config.judge().target());
        assertEquals(Duration.ofSeconds(2), config.judge().timeout());
        assertEquals("chain", config.judge().inputMaxTier());
        assertEquals(64, config.rails().outputWindowTokens());
        assertEquals(Duration.ofSeconds(5), config.auth().cacheTtl());
        assertEquals("warden:", config.redis().namespace());
        assertTrue(config.adminToken().isEmpty());
        assertEquals("", config.models().get("demo-aligned").upstreamModel().orElse(""));
        assertTrue(config.rails().perplexity().enabled());
        assertEquals(20, config.rails().perplexity().windowTokens());
        assertEquals(Duration.ofSeconds(2), config.rails().perplexity().timeout());
    }

    @Test
    void theMessageLimitsAreTheSuitesSharedOnesAndCannotBeRaised() {
        GatewayConfig defaults = config(Map.of("warden.gateway.models.\"demo-aligned\".target", "inference:9001"));
        assertEquals(RequestLimit.REQUEST_LIMIT_MAX_MESSAGES_VALUE, defaults.limits().maxMessages());
        assertEquals(RequestLimit.REQUEST_LIMIT_MAX_TEXT_CODE_POINTS_VALUE, defaults.limits().maxMessageChars());
        assertEquals(64, defaults.limits().maxMessages());
        assertEquals(32_768, defaults.limits().maxMessageChars());
        GatewayConfig raised = config(Map.of("warden.gateway.models.\"demo-aligned\".target", "inference:9001",
                "warden.gateway.limits.max-messages", "65", "warden.gateway.limits.max-message-chars", "40000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigCheck.validate(raised));
        assertTrue(e.getMessage().contains("max-messages") && e.getMessage().contains("max-message-chars"),
                e.getMessage());
        ConfigCheck.validate(config(Map.of("warden.gateway.models.\"demo-aligned\".target", "inference:9001",
                "warden.gateway.limits.max-messages", "8")));
    }

    @Test
    void everyProblemIsReportedWithItsKey() {
        GatewayConfig config = config(Map.of(
                "warden.gateway.admin-token", "short",
                "warden.gateway.models.\"bad\".target", "no-port",
                "warden.gateway.judge.output-max-tier", "oracle",
                "warden.gateway.redis.namespace", "has space",
                "warden.gateway.limits.default-max-tokens", "5000",
                "warden.gateway.limits.max-tokens", "4000",
                "warden.gateway.rails.jailbreak-threshold", "1.5",
                "warden.gateway.rails.perplexity.threshold", "0",
                "warden.gateway.rails.perplexity.min-chars", "4096",
                "warden.gateway.rails.perplexity.tail-nll-high", "4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigCheck.validate(config));
        for (String key : new String[] {"admin-token", "models.\"bad\".target", "output-max-tier", "namespace",
                "default-max-tokens", "jailbreak-threshold", "perplexity.threshold", "perplexity.min-chars",
                "perplexity.tail-nll-high"}) {
            assertTrue(e.getMessage().contains(key), key + " in: " + e.getMessage());
        }
    }
}
