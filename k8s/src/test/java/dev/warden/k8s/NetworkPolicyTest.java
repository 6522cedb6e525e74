package dev.warden.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who can reach what, computed from the rendered NetworkPolicies: only the gateway and the recovery API from
 * outside the namespace; inference only from gateway, judge and recovery; judge only from gateway and recovery;
 * Redis only from gateway and recovery; Prometheus on every metrics port.
 */
class NetworkPolicyTest {

    /** The intended callers of each port. */
    private static final Map<String, Set<String>> CALLERS = Map.of(
            "gateway:8080", Set.of("outside", "prometheus", "inference", "judge", "recovery", "redis", "build-demo-model"),
            "recovery:8083", Set.of("outside", "prometheus", "inference", "judge", "gateway", "redis", "build-demo-model"),
            "recovery:9003", Set.of("outside", "prometheus", "inference", "judge", "gateway", "redis", "build-demo-model"),
            "inference:9001", Set.of("gateway", "judge", "recovery", "prometheus"),
            "judge:9002", Set.of("gateway", "recovery", "prometheus"),
            "redis:6379", Set.of("gateway", "recovery"));

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void onlyTheIntendedCallersGetThrough(String overlay) {
        Manifests m = Manifests.of(overlay);
        assertEquals(expected(m), new NetworkReachability(m).matrix(sources(m)));
    }

    @Test
    void withoutTheDefaultDenyEverythingElseIsOpen() {
        Manifests m = Manifests.of("overlays/cpu");
        List<ObjectNode> kept = new ArrayList<>(m.all());
        kept.removeIf(o -> Manifests.id(o).equals("NetworkPolicy/redis-ingress") || Manifests.id(o).equals("NetworkPolicy/default-deny-ingress"));
        Manifests open = Manifests.parse(yaml(kept));
        NetworkReachability r = new NetworkReachability(open);
        assertTrue(r.allowed(NetworkReachability.OUTSIDE, open.workload("StatefulSet", "redis"), 6379));
        assertFalse(r.allowed(NetworkReachability.OUTSIDE, open.workload("Deployment", "inference"), 9001),
                "inference-ingress still isolates inference");
        assertTrue(new NetworkReachability(m).matrix(sources(m)).size() > 40);
    }

    @Test
    void aPeerWithBothSelectorsNeedsBoth() {
        Manifests m = Manifests.of("base");
        NetworkReachability r = new NetworkReachability(m);
        NetworkReachability.Peer prometheusElsewhere = new NetworkReachability.Peer("p", "default",
                Map.of("kubernetes.io/metadata.name", "default"), Map.of("app.kubernetes.io/name", "prometheus"), false);
        NetworkReachability.Peer otherInMonitoring = new NetworkReachability.Peer("g", "monitoring",
                Map.of("kubernetes.io/metadata.name", "monitoring"), Map.of("app.kubernetes.io/name", "grafana"), false);
        assertTrue(r.allowed(NetworkReachability.PROMETHEUS, m.workload("Deployment", "judge"), 9002));
        assertFalse(r.allowed(prometheusElsewhere, m.workload("Deployment", "judge"), 9002));
        assertFalse(r.allowed(otherInMonitoring, m.workload("Deployment", "judge"), 9002));
        assertFalse(r.allowed(NetworkReachability.PROMETHEUS, m.workload("Deployment", "judge"), 9003), "wrong port");
    }

    static List<NetworkReachability.Peer> sources(Manifests m) {
        List<NetworkReachability.Peer> peers = new ArrayList<>();
        m.workloads().forEach(w -> peers.add(NetworkReachability.Peer.of(w, "warden")));
        peers.add(NetworkReachability.OUTSIDE);
        peers.add(NetworkReachability.PROMETHEUS);
        return peers;
    }

    private static Map<String, Boolean> expected(Manifests m) {
        Map<String, Boolean> computed = new NetworkReachability(m).matrix(sources(m));
        Map<String, Boolean> expected = new java.util.LinkedHashMap<>();
        for (String key : computed.keySet()) {
            String from = key.substring(0, key.indexOf(" -> "));
            String to = key.substring(key.indexOf(" -> ") + 4);
            Set<String> callers = CALLERS.get(to);
            if (callers == null) {
                throw new AssertionError("no intended callers written down for " + to);
            }
            expected.put(key, callers.contains(from));
        }
        assertEquals(new TreeMap<>(CALLERS).keySet(), new java.util.TreeSet<>(computed.keySet().stream()
                .map(k -> k.substring(k.indexOf(" -> ") + 4)).toList()));
        return expected;
    }

    private static String yaml(List<ObjectNode> objects) {
        StringBuilder b = new StringBuilder();
        for (ObjectNode o : objects) {
            b.append("---\n").append(o.toString()).append('\n');
        }
        return b.toString();
    }
}
