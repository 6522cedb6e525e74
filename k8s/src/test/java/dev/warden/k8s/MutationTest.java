package dev.warden.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks catch mistakes: each test breaks one thing in a copy of k8s/, renders the copy with kustomize and
 * expects the problem to be reported.
 */
class MutationTest {

    private Path copy;

    @BeforeEach
    void copyTheManifests() throws IOException {
        copy = Files.createTempDirectory("warden-k8s");
        Path src = Repo.k8s();
        for (String dir : List.of("base", "overlays", "components")) {
            try (Stream<Path> files = Files.walk(src.resolve(dir))) {
                for (Path f : files.toList()) {
                    Path to = copy.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
        }
    }

    @AfterEach
    void deleteTheCopy() throws IOException {
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void theUnchangedCopyPasses() {
        Manifests m = Manifests.render(copy.resolve("overlays/cpu"));
        assertEquals(List.of(), new Wiring(m).all());
        assertEquals(List.of(), EnvKeys.check(m));
    }

    @Test
    void aWrongContainerPortIsCaught() throws IOException {
        edit("base/inference/deployment.yaml", s -> s.replace("containerPort: 9001", "containerPort: 9011"));
        List<String> p = new Wiring(Manifests.render(copy.resolve("overlays/cpu"))).all();
        assertHas(p, "Deployment/inference (inference-service): container ports [9011], but the service listens on [9001]");
        assertHas(p, "reaches container port 9011 of inference, which listens on 9001");
    }

    @Test
    void aWrongServicePortOrUpstreamAddressIsCaught() throws IOException {
        edit("base/judge/config.env", s -> s.replace("QUARKUS_GRPC_CLIENTS_INFERENCE_PORT=9001", "QUARKUS_GRPC_CLIENTS_INFERENCE_PORT=9002"));
        edit("base/gateway/config.env", s -> s.replace("WARDEN_GATEWAY_JUDGE_TARGET=judge:9002", "WARDEN_GATEWAY_JUDGE_TARGET=judge-service:9002"));
        List<String> p = new Wiring(Manifests.render(copy.resolve("overlays/gpu"))).upstreams();
        assertHas(p, "Deployment/judge gRPC client inference: Service inference has no port 9002");
        assertHas(p, "WARDEN_GATEWAY_JUDGE_TARGET: judge-service:9002 names no Service");
    }

    @Test
    void aWrongProbePathIsCaught() throws IOException {
        edit("base/gateway/deployment.yaml", s -> s.replace("path: /q/health/ready", "path: /health/ready"));
        List<String> p = new Wiring(Manifests.render(copy.resolve("overlays/cpu"))).all();
        assertHas(p, "readinessProbe GET http/health/ready, expected one of [/q/health/ready] on port 8080");
    }

    @Test
    void aServiceThatSelectsNothingIsCaught() throws IOException {
        edit("base/judge/service.yaml", s -> s.replace("selector:\n    app.kubernetes.io/name: judge", "selector:\n    app.kubernetes.io/name: judges"));
        List<String> p = new Wiring(Manifests.render(copy.resolve("overlays/cpu"))).all();
        assertHas(p, "Service/judge selects [], not exactly one workload");
        assertHas(p, "no ServiceMonitor scrapes /q/metrics on port 9002");
    }

    @Test
    void aWrongMetricsAnnotationOrServiceMonitorIsCaught() throws IOException {
        edit("base/recovery/deployment.yaml", s -> s.replace("prometheus.io/port: \"8083\"", "prometheus.io/port: \"9003\""));
        edit("base/judge/servicemonitor.yaml", s -> s.replace("path: /q/metrics", "path: /metrics"));
        List<String> p = new Wiring(Manifests.render(copy.resolve("overlays/cpu"))).all();
        assertHas(p, "Deployment/recovery (recovery-service): prometheus.io annotations");
        assertHas(p, "ServiceMonitor/judge scrapes grpc/metrics, expected port 9002 path /q/metrics");
    }

    @Test
    void aGpuPodWithoutSharedMemoryOrWithoutAGpuIsCaught() throws IOException {
        edit("overlays/gpu/kustomization.yaml", s -> s.replace("- path: inference_shm_patch.yaml\n", ""));
        assertHas(new Wiring(Manifests.render(copy.resolve("overlays/gpu"))).gpu(), "without a memory-backed /dev/shm");
        edit("overlays/gpu/kustomization.yaml", s -> s.replace("- path: inference_gpu_resources_patch.yaml\n", ""));
        assertHas(new Wiring(Manifests.render(copy.resolve("overlays/gpu"))).gpu(),
                "WARDEN_INFERENCE_DEVICE=gpu but no nvidia.com/gpu is requested");
    }

    @Test
    void servingAnotherCheckpointThanTheJobBuildsIsCaught() throws IOException {
        edit("overlays/cpu/inference-demo-model.env", s -> s.replace("/models/demo/aligned", "/models/demo/finetuned"));
        List<String> p = new Wiring(Manifests.render(copy.resolve("overlays/cpu"))).storage();
        assertHas(p, "Job/build-demo-model builds /models/demo/aligned but inference serves /models/demo/finetuned");
        assertHas(p, "no init container waits");
    }

    @Test
    void aHardeningSlipIsCaught() throws IOException {
        edit("base/judge/deployment.yaml", s -> s.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
                .replace("automountServiceAccountToken: false", "automountServiceAccountToken: true"));
        List<String> p = new Wiring(Manifests.render(copy.resolve("overlays/cpu"))).security();
        assertHas(p, "Deployment/judge container judge: readOnlyRootFilesystem must be true");
        assertHas(p, "Deployment/judge: automountServiceAccountToken must be false");
    }

    @Test
    void aTypoInASettingIsCaught() throws IOException {
        edit("base/gateway/config.env", s -> s.replace("WARDEN_GATEWAY_JUDGE_TIMEOUT=2s", "WARDEN_GATEWAY_JUDGE_TIMEOUTT=2s"));
        edit("base/recovery/config.env", s -> s + "QUARKUS_HTTP_ROOT_PATH=/recovery\n");
        List<String> p = EnvKeys.check(Manifests.render(copy.resolve("overlays/cpu")));
        assertHas(p, "WARDEN_GATEWAY_JUDGE_TIMEOUTT is no key of gateway's config");
        assertHas(p, "QUARKUS_HTTP_ROOT_PATH sets quarkus.http.root-path, fixed at build time");
    }

    @Test
    void anOpenedNetworkPathIsCaught() throws IOException {
        edit("base/network/redis-ingress.yaml", s -> s.replace("          app.kubernetes.io/name: recovery",
                "          app.kubernetes.io/name: recovery\n    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: judge"));
        Manifests m = Manifests.render(copy.resolve("overlays/cpu"));
        Map<String, Boolean> matrix = new NetworkReachability(m).matrix(NetworkPolicyTest.sources(m));
        assertEquals(Boolean.TRUE, matrix.get("judge -> redis:6379"));
        Manifests original = Manifests.of("overlays/cpu");
        assertEquals(Boolean.FALSE, new NetworkReachability(original).matrix(NetworkPolicyTest.sources(original))
                .get("judge -> redis:6379"));
    }

    @Test
    void anUnknownFieldInAPatchIsCaughtAfterRendering() throws IOException {
        edit("overlays/gpu/inference_gpu_scheduling_patch.yaml", s -> s.replace("nodeSelector:", "nodeSelectors:"));
        Manifests m = Manifests.render(copy.resolve("overlays/gpu"));
        List<String> p = K8sSchema.validate(m.get("Deployment", "inference"));
        assertHas(p, "nodeSelectors");
    }

    private void edit(String file, Function<String, String> change) throws IOException {
        Path f = copy.resolve(file);
        String before = Files.readString(f);
        String after = change.apply(before);
        assertTrue(!after.equals(before), "the edit changed nothing in " + file);
        Files.writeString(f, after);
    }

    private static void assertHas(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected '" + expected + "' among " + problems);
    }
}
