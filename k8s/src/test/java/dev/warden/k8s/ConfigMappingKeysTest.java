package dev.warden.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The @ConfigMapping source reader, on the real mappings and on a sample with every shape it handles. */
class ConfigMappingKeysTest {

    @Test
    void readsTheGatewaysRealMapping() {
        ConfigMappingKeys.Mapping m = ServiceModule.of("gateway").mapping();
        assertEquals("warden.gateway", m.prefix());
        assertTrue(m.keys().containsAll(Set.of("warden.gateway.admin-token", "warden.gateway.models.*.target",
                "warden.gateway.models.*.upstream-model", "warden.gateway.judge.target", "warden.gateway.judge.input-max-tier",
                "warden.gateway.rails.jailbreak-threshold", "warden.gateway.limits.max-request-bytes")), m.keys().toString());
        assertTrue(m.keys().size() >= 25, m.keys().toString());
        assertTrue(ServiceModule.of("judge").mapping().keys().containsAll(Set.of("warden.judge.tiers",
                "warden.judge.llm-judge.prompt-form", "warden.judge.workers.threads")));
        assertTrue(ServiceModule.of("inference").mapping().keys().containsAll(Set.of("warden.inference.checkpoint",
                "warden.inference.kv-cache-tokens", "warden.inference.torch-threads")));
    }

    @Test
    void readsGroupsMapsOptionalsNamesAndIgnoresComments() {
        String src = """
                package x;
                /** {@code warden.x.ignored()} in a comment */
                @ConfigMapping(prefix = "warden.x")
                public interface XConfig {
                    /** The URL, e.g. "http://a//b". */
                    @WithDefault("http://a//b")
                    String baseUrl();
                    // String commented();
                    Map<String, Route> routes();
                    Map<String, String> labels();
                    Optional<Tls> tls();
                    @WithName("max-n")
                    int maxNumberOfThings();
                    List<String> tiers();
                    default String derived() { return baseUrl(); }
                    interface Route {
                        String target();
                        Optional<Integer> weight();
                    }
                    interface Tls {
                        boolean enabled();
                        Key key();
                        interface Key { String path(); }
                    }
                }
                """;
        ConfigMappingKeys.Mapping m = ConfigMappingKeys.parse(src, "XConfig.java");
        assertEquals(Set.of("warden.x.base-url", "warden.x.routes.*.target", "warden.x.routes.*.weight",
                "warden.x.labels.*", "warden.x.tls.enabled", "warden.x.tls.key.path", "warden.x.max-n", "warden.x.tiers"),
                m.keys());
    }

    @Test
    void kebabCaseAndEnvironmentNamesFollowSmallRye() {
        assertEquals("max-new-tokens", ConfigMappingKeys.kebab("maxNewTokens"));
        assertEquals("kv-cache-tokens", ConfigMappingKeys.kebab("kvCacheTokens"));
        assertEquals("WARDEN_JUDGE_LLM_JUDGE_MODEL", EnvNames.of("warden.judge.llm-judge.model"));
        assertEquals("WARDEN_GATEWAY_MODELS__DEMO_ALIGNED__TARGET", EnvNames.of("warden.gateway.models.\"demo-aligned\".target"));
        assertTrue(EnvNames.matches("WARDEN_GATEWAY_MODELS__DEMO_ALIGNED__TARGET", "warden.gateway.models.*.target"));
        assertTrue(EnvNames.matches("QUARKUS_GRPC_CLIENTS_INFERENCE_HOST", "quarkus.grpc.clients.*.host"));
        assertTrue(!EnvNames.matches("QUARKUS_GRPC_CLIENTS_HOST", "quarkus.grpc.clients.*.host"));
        assertEquals("quarkus.grpc.clients.*.host", EnvNames.keyPattern("quarkus.grpc.clients.\"client-name\".host"));
    }
}
