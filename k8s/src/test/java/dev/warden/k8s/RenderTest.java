package dev.warden.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kustomizations render with kustomize, into the namespace, with the images and objects each one promises. */
class RenderTest {

    @Test
    void aRealKustomizeOfVersion5OrLaterRenders() {
        String v = Kustomize.version();
        assertTrue(Integer.parseInt(v.substring(0, v.indexOf('.'))) >= 5, v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/cpu", "overlays/gpu"})
    void everythingLandsInTheWardenNamespaceAndNoSecretIsCommitted(String kustomization) {
        Manifests m = Manifests.of(kustomization);
        for (JsonNode o : m.all()) {
            K8sSchema.Scope scope = K8sSchema.scope(o.path("apiVersion").asText(), o.path("kind").asText()).orElseThrow();
            String ns = o.at("/metadata/namespace").asText();
            assertEquals(scope == K8sSchema.Scope.NAMESPACED ? "warden" : "", ns, Manifests.id(o));
            assertEquals("warden", o.at("/metadata/labels/app.kubernetes.io~1part-of").asText(), Manifests.id(o));
        }
        assertEquals(List.of(), m.ofKind("Secret"));
        JsonNode namespace = m.get("Namespace", "warden");
        assertEquals("restricted", namespace.at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText());
    }

    @Test
    void theBaseHasTheFourServicesAndEverythingAroundThem() {
        Manifests m = Manifests.of("base");
        assertEquals(Set.of("gateway", "inference", "judge", "recovery"), names(m, "Deployment"));
        assertEquals(Set.of("redis"), names(m, "StatefulSet"));
        assertEquals(Set.of("gateway", "inference", "judge", "recovery", "redis"), names(m, "Service"));
        assertEquals(Set.of("gateway", "judge"), names(m, "HorizontalPodAutoscaler"));
        assertEquals(Set.of("gateway", "inference", "judge", "recovery"), names(m, "PodDisruptionBudget"));
        assertEquals(Set.of("gateway", "inference", "judge", "recovery"), names(m, "ServiceMonitor"));
        assertEquals(Set.of("models"), names(m, "PersistentVolumeClaim"));
        assertTrue(names(m, "NetworkPolicy").contains("default-deny-ingress"));
        assertEquals(1, m.ofKind("StatefulSet").get(0).at("/spec/volumeClaimTemplates").size(), "redis persists");
    }

    @Test
    void imagesAreTheServicesAtTheProjectVersion() {
        Map<String, String> cpu = images(Manifests.of("overlays/cpu"));
        assertEquals(Map.of("gateway", "warden/gateway:0.1.0", "inference", "warden/inference-service:0.1.0",
                "judge", "warden/judge-service:0.1.0", "recovery", "warden/recovery-service:0.1.0",
                "redis", "redis:7.4.2", "build-demo-model", "warden/inference-service:0.1.0"), cpu);
        Map<String, String> gpu = images(Manifests.of("overlays/gpu"));
        assertEquals("warden/inference-service:0.1.0-cu128", gpu.get("inference"));
        assertEquals("warden/gateway:0.1.0", gpu.get("gateway"));
        String pom = Repo.read(Repo.root().resolve("pom.xml"));
        assertTrue(pom.contains("<version>0.1.0-SNAPSHOT</version>"), "images are tagged with the project's version");
    }

    @Test
    void theCpuOverlayBuildsTheDemoModelAndTheGpuOverlayServesACheckpointFromTheVolume() {
        Manifests cpu = Manifests.of("overlays/cpu");
        assertTrue(cpu.find("Job", "build-demo-model").isPresent());
        String command = cpu.get("Job", "build-demo-model").at("/spec/template/spec/containers/0/command").toString();
        assertTrue(command.contains("dev.warden.model.cli.WardenCli build-demo --models-dir /models"), command);
        Wiring cw = new Wiring(cpu);
        Manifests.Workload inf = cpu.workload("Deployment", "inference");
        assertEquals("/models/demo/aligned", cw.env(inf, inf.container("inference")).get("WARDEN_INFERENCE_CHECKPOINT"));
        assertEquals("ReadWriteOnce", cpu.get("PersistentVolumeClaim", "models").at("/spec/accessModes/0").asText());

        Manifests gpu = Manifests.of("overlays/gpu");
        assertEquals(Optional.empty(), gpu.find("Job", "build-demo-model"));
        Manifests.Workload g = gpu.workload("Deployment", "inference");
        Map<String, String> env = new Wiring(gpu).env(g, g.container("inference"));
        assertEquals("/models/llama-3.1-8b-instruct", env.get("WARDEN_INFERENCE_CHECKPOINT"));
        assertEquals("gpu", env.get("WARDEN_INFERENCE_DEVICE"));
        assertEquals("cu128", env.get("PYTORCH_FLAVOR"));
        assertEquals("1", g.container("inference").at("/resources/limits/nvidia.com~1gpu").asText());
        assertEquals("ReadWriteMany", gpu.get("PersistentVolumeClaim", "models").at("/spec/accessModes/0").asText());
        assertTrue(g.container("inference").at("/startupProbe/failureThreshold").asInt()
                > cpu.workload("Deployment", "inference").container("inference").at("/startupProbe/failureThreshold").asInt());
    }

    @Test
    void theExternalRedisComponentRemovesTheBundledRedisAndRepointsTheClients() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("warden-ext-redis");
        try {
            java.nio.file.Files.writeString(dir.resolve("kustomization.yaml"), String.join("\n",
                    "apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization",
                    "resources:", "- " + dir.relativize(Repo.k8s().resolve("overlays/cpu")),
                    "components:", "- " + dir.relativize(Repo.k8s().resolve("components/external-redis")), ""));
            Manifests m = Manifests.render(dir);
            assertEquals(Optional.empty(), m.find("StatefulSet", "redis"));
            assertEquals(Optional.empty(), m.find("Service", "redis"));
            assertEquals(Optional.empty(), m.find("NetworkPolicy", "redis-ingress"));
            Manifests.Workload gw = m.workload("Deployment", "gateway");
            assertEquals("redis://redis.example.internal:6379", new Wiring(m).env(gw, gw.container("gateway")).get("QUARKUS_REDIS_HOSTS"));
            assertEquals(List.of(), new Wiring(m).all());
            assertEquals(List.of(), EnvKeys.check(m));
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void theReadmeSaysHowToCreateEverySecretTheManifestsReference() {
        String readme = Repo.read(Repo.k8s().resolve("README.md"));
        Wiring.SECRETS.forEach((name, keys) -> {
            assertTrue(readme.contains("kubectl -n warden create secret generic " + name), name);
            keys.forEach(k -> assertTrue(readme.contains("--from-literal=" + k + "="), name + "/" + k));
        });
    }

    private static Set<String> names(Manifests m, String kind) {
        return m.ofKind(kind).stream().map(Manifests::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> images(Manifests m) {
        Map<String, String> images = new java.util.TreeMap<>();
        for (Manifests.Workload w : m.workloads()) {
            for (JsonNode c : w.allContainers()) {
                String previous = images.put(w.name(), c.path("image").asText());
                assertTrue(previous == null || previous.equals(c.path("image").asText()), w.id() + " runs one image");
            }
        }
        return images;
    }
}
