package dev.warden.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every rendered object validates against the Kubernetes API schemas; the validator rejects what it should. */
class SchemaValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/cpu", "overlays/gpu"})
    void everyRenderedObjectMatchesItsSchema(String kustomization) {
        Manifests m = Manifests.of(kustomization);
        List<String> problems = new ArrayList<>();
        for (JsonNode o : m.all()) {
            problems.addAll(K8sSchema.validate(o));
        }
        assertEquals(List.of(), problems);
        assertTrue(m.all().size() >= 30, "rendered " + m.all().size() + " objects");
    }

    @Test
    void anUnknownFieldDeepInAPodTemplateIsAnError() {
        ObjectNode d = Manifests.of("overlays/cpu").get("Deployment", "gateway").deepCopy();
        ((ObjectNode) d.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
        assertProblem(d, "imagePullPolicyy");
    }

    @Test
    void aMisspelledProbeFieldIsAnError() {
        ObjectNode d = Manifests.of("overlays/gpu").get("Deployment", "inference").deepCopy();
        ((ObjectNode) d.at("/spec/template/spec/containers/0/startupProbe/httpGet")).put("pathh", "/q/health/ready");
        assertProblem(d, "pathh");
    }

    @Test
    void aMissingRequiredFieldIsAnError() {
        ObjectNode d = Manifests.of("base").get("Deployment", "judge").deepCopy();
        ((ObjectNode) d.at("/spec/template/spec/containers/0")).remove("name");
        assertProblem(d, "name");
        ObjectNode hpa = Manifests.of("base").get("HorizontalPodAutoscaler", "gateway").deepCopy();
        ((ObjectNode) hpa.path("spec")).remove("maxReplicas");
        assertProblem(hpa, "maxReplicas");
    }

    @Test
    void aValueOfTheWrongTypeIsAnError() {
        ObjectNode s = Manifests.of("base").get("Service", "judge").deepCopy();
        ((ObjectNode) s.at("/spec/ports/0")).put("port", "nine-thousand");
        assertEquals(1, K8sSchema.validate(s).size(), K8sSchema.validate(s).toString());
        ObjectNode d = Manifests.of("base").get("Deployment", "recovery").deepCopy();
        ((ObjectNode) d.at("/spec/template/spec/containers/0/resources/limits")).put("memory", "8 gigs");
        assertEquals(1, K8sSchema.validate(d).size(), K8sSchema.validate(d).toString());
    }

    @Test
    void aKindTheGroupDoesNotServeIsAnError() {
        ObjectNode d = Manifests.of("base").get("Deployment", "gateway").deepCopy();
        d.put("apiVersion", "extensions/v1");
        assertProblem(d, "serves no kind");
        d.put("apiVersion", "batch/v1");
        assertProblem(d, "serves no kind");
        assertEquals(Optional.of(K8sSchema.Scope.CLUSTER), K8sSchema.scope("v1", "Namespace"));
        assertEquals(Optional.of(K8sSchema.Scope.NAMESPACED), K8sSchema.scope("autoscaling/v2", "HorizontalPodAutoscaler"));
    }

    @Test
    void serviceMonitorsAreCheckedAgainstTheOperatorSchema() {
        ObjectNode sm = Manifests.of("base").get("ServiceMonitor", "gateway").deepCopy();
        assertEquals(List.of(), K8sSchema.validate(sm));
        ((ObjectNode) sm.at("/spec/endpoints/0")).put("pathh", "/q/metrics");
        assertProblem(sm, "spec.endpoints[0].pathh");
        ObjectNode top = Manifests.of("base").get("ServiceMonitor", "judge").deepCopy();
        ((ObjectNode) top.path("spec")).putObject("podSelector");
        assertProblem(top, "spec.podSelector");
        ObjectNode nested = Manifests.of("base").get("ServiceMonitor", "judge").deepCopy();
        ((ObjectNode) nested.at("/spec/selector")).put("matchLabel", "x");
        assertProblem(nested, "spec.selector.matchLabel");
        ArrayNode endpoints = (ArrayNode) nested.at("/spec/endpoints");
        endpoints.addObject().put("port", "grpc").put("scrapeEvery", "5s");
        assertTrue(K8sSchema.validate(nested).stream().anyMatch(p -> p.contains("spec.endpoints[1].scrapeEvery")));
    }

    private static void assertProblem(JsonNode object, String expected) {
        List<String> problems = K8sSchema.validate(object);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected a problem naming '" + expected
                + "', got " + problems);
    }
}
