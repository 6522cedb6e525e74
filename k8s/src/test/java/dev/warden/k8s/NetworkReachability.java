package dev.warden.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.k8s.Manifests.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the rendered NetworkPolicies as Kubernetes does for ingress: a pod selected by no Ingress policy
 * accepts everything; a selected pod accepts a connection when some rule of some policy selecting it admits the
 * source (no {@code from}: every source; a podSelector peer: pods of the policy's namespace; a namespaceSelector
 * peer: pods of the matching namespaces, narrowed by a podSelector in the same peer; an ipBlock: the external
 * client, for 0.0.0.0/0) and the port (no {@code ports}: all; a number or a container port name).
 */
public final class NetworkReachability {

    /** A client: its namespace's labels and its pod's labels; external clients have a namespace and no pod labels. */
    public record Peer(String name, String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels,
                       boolean external) {
        /** A pod of the workload, in {@code namespace}. */
        public static Peer of(Workload w, String namespace) {
            return new Peer(w.name(), namespace, Map.of("kubernetes.io/metadata.name", namespace), w.podLabels(), false);
        }
    }

    /** A client outside the cluster (through a load balancer) or in another namespace (an ingress controller). */
    public static final Peer OUTSIDE = new Peer("outside", "ingress-nginx",
            Map.of("kubernetes.io/metadata.name", "ingress-nginx"), Map.of("app.kubernetes.io/name", "ingress-nginx"), true);
    /** Prometheus, as the Prometheus Operator runs it in the namespace "monitoring". */
    public static final Peer PROMETHEUS = new Peer("prometheus", "monitoring",
            Map.of("kubernetes.io/metadata.name", "monitoring"), Map.of("app.kubernetes.io/name", "prometheus"), false);

    private final Manifests m;

    /** The policies of {@code manifests}. */
    public NetworkReachability(Manifests manifests) {
        this.m = manifests;
    }

    /** Whether {@code from} may open a connection to port {@code port} of {@code to}'s pods. */
    public boolean allowed(Peer from, Workload to, int port) {
        String namespace = to.object().at("/metadata/namespace").asText();
        List<JsonNode> policies = m.ofKind("NetworkPolicy").stream().<JsonNode>map(o -> o)
                .filter(np -> np.at("/metadata/namespace").asText().equals(namespace))
                .filter(np -> Manifests.selects(Manifests.strings(np.at("/spec/podSelector/matchLabels")), to.podLabels()))
                .filter(NetworkReachability::isIngress).toList();
        if (policies.isEmpty()) {
            return true;
        }
        for (JsonNode np : policies) {
            for (JsonNode rule : np.at("/spec/ingress")) {
                if (admitsSource(rule, from, namespace) && admitsPort(rule, to, port)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIngress(JsonNode np) {
        JsonNode types = np.at("/spec/policyTypes");
        if (types.isMissingNode() || types.size() == 0) {
            return true;
        }
        for (JsonNode t : types) {
            if (t.asText().equals("Ingress")) {
                return true;
            }
        }
        return false;
    }

    private static boolean admitsSource(JsonNode rule, Peer from, String namespace) {
        if (!rule.has("from") || rule.path("from").size() == 0) {
            return true;
        }
        for (JsonNode peer : rule.path("from")) {
            if (peer.has("ipBlock")) {
                if (from.external() && peer.at("/ipBlock/cidr").asText().equals("0.0.0.0/0")) {
                    return true;
                }
                continue;
            }
            boolean nsOk = peer.has("namespaceSelector")
                    ? Manifests.selects(Manifests.strings(peer.at("/namespaceSelector/matchLabels")), from.namespaceLabels())
                    : from.namespace().equals(namespace);
            boolean podOk = !peer.has("podSelector")
                    || Manifests.selects(Manifests.strings(peer.at("/podSelector/matchLabels")), from.podLabels());
            if (nsOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean admitsPort(JsonNode rule, Workload to, int port) {
        if (!rule.has("ports") || rule.path("ports").size() == 0) {
            return true;
        }
        for (JsonNode p : rule.path("ports")) {
            if (p.path("port").isMissingNode()) {
                return true;
            }
            boolean match = p.path("port").isInt() ? p.path("port").asInt() == port
                    : Wiring.containerPort(to, p.path("port")).orElse(-1) == port;
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** Who reaches what: "source -> workload:port" for every source, workload and container port. */
    public Map<String, Boolean> matrix(List<Peer> sources) {
        Map<String, Boolean> matrix = new LinkedHashMap<>();
        for (Workload to : m.workloads()) {
            if (to.kind().equals("Job")) {
                continue;
            }
            for (JsonNode c : to.containers()) {
                for (JsonNode port : c.path("ports")) {
                    int number = port.path("containerPort").asInt();
                    for (Peer from : sources) {
                        if (!from.name().equals(to.name())) {
                            matrix.put(from.name() + " -> " + to.name() + ":" + number, allowed(from, to, number));
                        }
                    }
                }
            }
        }
        return matrix;
    }
}
