package dev.warden.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every environment variable sets a real, run-time configuration key of the service that gets it. */
class EnvKeysTest {

    private static final String READMES = Repo.read(Repo.root().resolve("README.md"))
            + Repo.read(Repo.module("inference-service").resolve("README.md"));

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/cpu", "overlays/gpu"})
    void everyVariableConfiguresSomething(String kustomization) {
        assertEquals(List.of(), EnvKeys.check(Manifests.of(kustomization)));
    }

    @Test
    void wardenVariablesMustBeKeysOfTheServicesOwnConfigMapping() {
        QuarkusConfigModel model = QuarkusConfigModel.load();
        ServiceModule gateway = ServiceModule.of("gateway");
        assertNull(EnvKeys.checkService("WARDEN_GATEWAY_JUDGE_TIMEOUT", gateway, model, READMES));
        assertNull(EnvKeys.checkService("WARDEN_GATEWAY_MODELS__DEMO_ALIGNED__TARGET", gateway, model, READMES));
        assertTrue(EnvKeys.checkService("WARDEN_GATEWAY_JUDGE_TIMEOUTT", gateway, model, READMES).contains("no key"));
        assertTrue(EnvKeys.checkService("WARDEN_JUDGE_THRESHOLD", gateway, model, READMES).contains("no key"),
                "another service's key");
        ServiceModule inference = ServiceModule.of("inference");
        assertNull(EnvKeys.checkService("WARDEN_INFERENCE_KV_CACHE_TOKENS", inference, model, READMES));
        assertTrue(EnvKeys.checkService("WARDEN_INFERENCE_CHECKPOINT_PATH", inference, model, READMES).contains("no key"));
    }

    @Test
    void quarkusVariablesMustBeRunTimePropertiesOfTheServicesExtensions() {
        QuarkusConfigModel model = QuarkusConfigModel.load();
        ServiceModule judge = ServiceModule.of("judge");
        assertNull(EnvKeys.checkService("QUARKUS_GRPC_CLIENTS_INFERENCE_HOST", judge, model, READMES));
        assertNull(EnvKeys.checkService("QUARKUS_HTTP_PORT", judge, model, READMES));
        assertTrue(EnvKeys.checkService("QUARKUS_HTTP_NON_APPLICATION_ROOT_PATH", judge, model, READMES).contains("build time"));
        assertTrue(EnvKeys.checkService("QUARKUS_REDIS_HOSTS", judge, model, READMES).contains("no property"),
                "judge-service has no Redis client");
        assertTrue(EnvKeys.checkService("QUARKUS_GRPC_CLIENT_INFERENCE_HOST", judge, model, READMES).contains("no property"));
        assertNull(EnvKeys.checkService("QUARKUS_REDIS_PASSWORD", ServiceModule.of("gateway"), model, READMES));
    }

    @Test
    void otherVariablesMustBeTheJvmsOrDocumentedDjlOnes() {
        QuarkusConfigModel model = QuarkusConfigModel.load();
        ServiceModule inference = ServiceModule.of("inference");
        assertNull(EnvKeys.checkService("JAVA_TOOL_OPTIONS", inference, model, READMES));
        assertNull(EnvKeys.checkService("PYTORCH_FLAVOR", inference, model, READMES));
        assertTrue(EnvKeys.checkService("PYTORCH_FLAVOUR", inference, model, READMES).contains("read by nothing"));
        assertTrue(EnvKeys.checkService("PYTORCH_FLAVOR", inference, model, "").contains("not documented"));
    }

    @Test
    void openMpsWaitPolicyIsKnownWhenDocumented() {
        QuarkusConfigModel model = QuarkusConfigModel.load();
        ServiceModule inference = ServiceModule.of("inference");
        assertNull(EnvKeys.checkService("OMP_WAIT_POLICY", inference, model, READMES));
        assertTrue(EnvKeys.checkService("OMP_WAIT_POLICY", inference, model, "").contains("not documented"));
        assertTrue(EnvKeys.checkService("OMP_WAIT_POLCY", inference, model, READMES).contains("read by nothing"));
    }

    /** Every container that runs libtorch gets one PyTorch thread and OpenMP workers that sleep (README, "CPU threads"). */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/cpu", "overlays/gpu"})
    void everyTorchContainerRunsOneThreadWithPassiveOpenMp(String kustomization) {
        Manifests m = Manifests.of(kustomization);
        Wiring wiring = new Wiring(m);
        Map<String, String> threads = Map.of("inference", "WARDEN_INFERENCE_TORCH_THREADS",
                "recovery", "WARDEN_RECOVERY_TORCH_THREADS");
        int checked = 0;
        for (Manifests.Workload w : m.workloads()) {
            for (JsonNode c : w.containers()) {
                String name = c.path("name").asText();
                if (!threads.containsKey(name) && !name.equals("build-demo")) {
                    continue;
                }
                Map<String, String> env = wiring.env(w, c);
                assertEquals("PASSIVE", env.get("OMP_WAIT_POLICY"), w.id() + " " + name);
                if (threads.containsKey(name)) {
                    assertEquals("1", env.get(threads.get(name)), w.id() + " " + name);
                }
                checked++;
            }
        }
        assertEquals(kustomization.equals("overlays/cpu") ? 3 : 2, checked, "inference, recovery (and the demo Job)");
    }
}
