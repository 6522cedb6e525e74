package dev.warden.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.k8s.Manifests.Workload;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross-checks of one rendered kustomization: objects that reference each other (Services and the pods they
 * select, PDBs, HPAs, NetworkPolicies, ServiceMonitors, ConfigMaps, Secrets, volumes), and the manifests against
 * the services' own configuration (ports, probe and metrics paths, the addresses of their upstreams, model
 * paths). Every method returns the problems it found; empty means consistent.
 */
public final class Wiring {

    /** The secrets the manifests may reference (never rendered: created by the operator), with their keys. */
    public static final Map<String, Set<String>> SECRETS = Map.of(
            "warden-gateway-admin", Set.of("admin-token"),
            "warden-recovery-token", Set.of("api-token"),
            "warden-redis", Set.of("password"));

    /** Which workload each gRPC client name of the services' application.properties must reach. */
    private static final Map<String, String> GRPC_CLIENTS = Map.of("inference", "inference", "judge", "judge");
    private static final Pattern HOST_PORT = Pattern.compile("(?:[a-z]+://)?(?:[^@/]*@)?([a-z0-9.-]+):(\\d+)/?");
    private static final Pattern MODELS_DIR = Pattern.compile("--models-dir\\s+(\\S+)");

    private final Manifests m;

    /** Checks of {@code manifests}. */
    public Wiring(Manifests manifests) {
        this.m = manifests;
    }

    /** Every check. */
    public List<String> all() {
        List<String> p = new ArrayList<>();
        p.addAll(services());
        p.addAll(targets());
        for (ServiceModule s : ServiceModule.ALL) {
            p.addAll(serviceConfig(s));
        }
        p.addAll(upstreams());
        p.addAll(references());
        p.addAll(security());
        p.addAll(gpu());
        p.addAll(storage());
        return p;
    }

    // ---------------------------------------------------------------------------------------------- selectors

    /** Every Service selects the pods of exactly one workload, and each of its ports reaches a container port. */
    public List<String> services() {
        List<String> p = new ArrayList<>();
        for (JsonNode svc : m.ofKind("Service")) {
            Map<String, String> selector = Manifests.strings(svc.path("spec").path("selector"));
            List<Workload> selected = selected(selector);
            if (selector.isEmpty() || selected.size() != 1) {
                p.add(Manifests.id(svc) + " selects " + names(selected) + ", not exactly one workload");
                continue;
            }
            for (JsonNode port : svc.path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                if (containerPort(selected.get(0), target).isEmpty()) {
                    p.add(Manifests.id(svc) + " port " + port.path("port").asText() + ": targetPort " + target.asText()
                            + " is no container port of " + selected.get(0).id());
                }
            }
        }
        return p;
    }

    /** PDBs, HPAs, NetworkPolicies and ServiceMonitors point at things that exist. */
    public List<String> targets() {
        List<String> p = new ArrayList<>();
        for (JsonNode pdb : m.ofKind("PodDisruptionBudget")) {
            List<Workload> sel = selected(Manifests.strings(pdb.at("/spec/selector/matchLabels")));
            if (sel.size() != 1) {
                p.add(Manifests.id(pdb) + " selects " + names(sel) + ", not exactly one workload");
            }
        }
        for (JsonNode hpa : m.ofKind("HorizontalPodAutoscaler")) {
            JsonNode ref = hpa.at("/spec/scaleTargetRef");
            Optional<com.fasterxml.jackson.databind.node.ObjectNode> target = m.find(ref.path("kind").asText(), ref.path("name").asText());
            if (target.isEmpty() || !"apps/v1".equals(ref.path("apiVersion").asText())) {
                p.add(Manifests.id(hpa) + " scales " + ref + ", which is not rendered");
                continue;
            }
            if (target.get().path("spec").has("replicas")) {
                p.add(Manifests.id(hpa) + ": " + Manifests.id(target.get()) + " sets spec.replicas, which the HPA owns");
            }
            for (JsonNode metric : hpa.at("/spec/metrics")) {
                String resource = metric.at("/resource/name").asText();
                for (JsonNode c : new Workload((com.fasterxml.jackson.databind.node.ObjectNode) target.get()).containers()) {
                    if (!resource.isEmpty() && !c.at("/resources/requests").has(resource)) {
                        p.add(Manifests.id(hpa) + " scales on " + resource + " but container " + c.path("name").asText()
                                + " requests none");
                    }
                }
            }
        }
        for (JsonNode np : m.ofKind("NetworkPolicy")) {
            Map<String, String> selector = Manifests.strings(np.at("/spec/podSelector/matchLabels"));
            if (selector.isEmpty()) {
                continue;
            }
            List<Workload> sel = selected(selector);
            if (sel.isEmpty()) {
                p.add(Manifests.id(np) + " selects no pods");
            }
            for (JsonNode rule : np.at("/spec/ingress")) {
                for (JsonNode port : rule.path("ports")) {
                    for (Workload w : sel) {
                        if (containerPort(w, port.path("port")).isEmpty()) {
                            p.add(Manifests.id(np) + " admits port " + port.path("port").asText() + ", no container port of "
                                    + w.id());
                        }
                    }
                }
                for (JsonNode peer : rule.path("from")) {
                    Map<String, String> peerPods = Manifests.strings(peer.at("/podSelector/matchLabels"));
                    if (!peer.has("namespaceSelector") && !peerPods.isEmpty() && selected(peerPods).isEmpty()) {
                        p.add(Manifests.id(np) + " admits pods " + peerPods + ", which no workload has");
                    }
                }
            }
        }
        for (JsonNode sm : m.ofKind("ServiceMonitor")) {
            Map<String, String> selector = Manifests.strings(sm.at("/spec/selector/matchLabels"));
            List<JsonNode> svcs = m.ofKind("Service").stream().<JsonNode>map(o -> o)
                    .filter(s -> Manifests.selects(selector, Manifests.strings(s.at("/metadata/labels")))).toList();
            if (selector.isEmpty() || svcs.size() != 1) {
                p.add(Manifests.id(sm) + " selects services " + svcs.stream().map(Manifests::name).toList() + ", not exactly one");
                continue;
            }
            for (JsonNode ep : sm.at("/spec/endpoints")) {
                if (servicePort(svcs.get(0), ep.path("port").asText()).isEmpty()) {
                    p.add(Manifests.id(sm) + " scrapes port " + ep.path("port").asText() + ", which "
                            + Manifests.id(svcs.get(0)) + " does not name");
                }
            }
        }
        return p;
    }

    // ------------------------------------------------------------------------------------- the service's config

    /** A service's Deployment against its application.properties and pom: ports, probes, metrics scraping. */
    public List<String> serviceConfig(ServiceModule s) {
        List<String> p = new ArrayList<>();
        Optional<com.fasterxml.jackson.databind.node.ObjectNode> d = m.find("Deployment", s.workload());
        if (d.isEmpty()) {
            return List.of("no Deployment " + s.workload());
        }
        Workload w = new Workload(d.get());
        JsonNode c = w.container(s.workload());
        String who = w.id() + " (" + s.module() + ")";

        Set<Integer> declared = new TreeSet<>();
        c.path("ports").forEach(port -> declared.add(port.path("containerPort").asInt()));
        if (!declared.equals(s.ports())) {
            p.add(who + ": container ports " + declared + ", but the service listens on " + s.ports()
                    + " (application.properties)");
        }
        OptionalInt grpc = s.grpcPort();
        if (grpc.isPresent() && namedPort(c, "grpc") != grpc.getAsInt()) {
            p.add(who + ": the container port named grpc is " + namedPort(c, "grpc") + ", the gRPC server listens on "
                    + grpc.getAsInt());
        }
        if ((grpc.isEmpty() || grpc.getAsInt() != s.httpPort()) && namedPort(c, "http") != s.httpPort()) {
            p.add(who + ": the container port named http is " + namedPort(c, "http") + ", the HTTP server listens on "
                    + s.httpPort());
        }

        Set<String> ext = s.quarkusExtensions();
        if (!ext.contains("quarkus-smallrye-health")) {
            p.add(who + ": probes read /q/health but the pom has no quarkus-smallrye-health");
        }
        if (!ext.contains("quarkus-micrometer-registry-prometheus")) {
            p.add(who + ": /q/metrics is scraped but the pom has no quarkus-micrometer-registry-prometheus");
        }

        probe(p, who, w, c, "readinessProbe", Set.of(s.healthPath("ready")), s.managementPort());
        probe(p, who, w, c, "livenessProbe", Set.of(s.healthPath("live")), s.managementPort());
        probe(p, who, w, c, "startupProbe", Set.of(s.healthPath("started"), s.healthPath("ready")), s.managementPort());

        Map<String, String> ann = w.podAnnotations();
        if (!"true".equals(ann.get("prometheus.io/scrape")) || !String.valueOf(s.managementPort()).equals(ann.get("prometheus.io/port"))
                || !s.metricsPath().equals(ann.get("prometheus.io/path"))) {
            p.add(who + ": prometheus.io annotations " + ann + ", expected scrape=true port=" + s.managementPort()
                    + " path=" + s.metricsPath());
        }
        boolean monitored = false;
        for (JsonNode sm : m.ofKind("ServiceMonitor")) {
            Map<String, String> selector = Manifests.strings(sm.at("/spec/selector/matchLabels"));
            for (JsonNode svc : m.ofKind("Service")) {
                if (!Manifests.selects(selector, Manifests.strings(svc.at("/metadata/labels")))
                        || !names(selected(Manifests.strings(svc.at("/spec/selector")))).equals(List.of(w.name()))) {
                    continue;
                }
                for (JsonNode ep : sm.at("/spec/endpoints")) {
                    Optional<JsonNode> sp = servicePort(svc, ep.path("port").asText());
                    OptionalInt port = sp.isEmpty() ? OptionalInt.empty()
                            : containerPort(w, sp.get().has("targetPort") ? sp.get().path("targetPort") : sp.get().path("port"));
                    if (port.isPresent() && port.getAsInt() == s.managementPort() && s.metricsPath().equals(ep.path("path").asText())) {
                        monitored = true;
                    } else {
                        p.add(Manifests.id(sm) + " scrapes " + ep.path("port").asText() + ep.path("path").asText()
                                + ", expected port " + s.managementPort() + " path " + s.metricsPath());
                    }
                }
            }
        }
        if (!monitored) {
            p.add(who + ": no ServiceMonitor scrapes " + s.metricsPath() + " on port " + s.managementPort());
        }
        return p;
    }

    private void probe(List<String> p, String who, Workload w, JsonNode c, String kind, Set<String> paths, int port) {
        JsonNode probe = c.path(kind);
        if (probe.isMissingNode()) {
            p.add(who + ": no " + kind);
            return;
        }
        String path = probe.at("/httpGet/path").asText();
        OptionalInt resolved = containerPort(w, probe.at("/httpGet/port"));
        if (!paths.contains(path) || resolved.isEmpty() || resolved.getAsInt() != port) {
            p.add(who + ": " + kind + " GET " + probe.at("/httpGet/port").asText() + path + ", expected one of " + paths
                    + " on port " + port);
        }
    }

    // --------------------------------------------------------------------------------------------- upstreams

    /** The addresses the services call (gRPC clients, model routes, Redis) reach the right pods and ports. */
    public List<String> upstreams() {
        List<String> p = new ArrayList<>();
        for (ServiceModule s : ServiceModule.ALL) {
            Optional<com.fasterxml.jackson.databind.node.ObjectNode> d = m.find("Deployment", s.workload());
            if (d.isEmpty()) {
                continue;
            }
            Workload w = new Workload(d.get());
            Map<String, String> env = env(w, w.container(s.workload()));
            Properties props = s.properties();
            for (String client : clientsOf(props)) {
                String target = GRPC_CLIENTS.get(client);
                String prefix = "QUARKUS_GRPC_CLIENTS_" + EnvNames.of(client) + "_";
                String host = env.get(prefix + "HOST");
                String port = env.getOrDefault(prefix + "PORT", props.getProperty("quarkus.grpc.clients." + client + ".port"));
                if (target == null || host == null) {
                    p.add(w.id() + ": gRPC client " + client + " keeps its application.properties address ("
                            + props.getProperty("quarkus.grpc.clients." + client + ".host") + "); set " + prefix + "HOST");
                    continue;
                }
                reach(p, w.id() + " gRPC client " + client, host + ":" + port, target, grpcPort(target));
            }
            if (s.workload().equals("gateway")) {
                reach(p, w.id() + " WARDEN_GATEWAY_JUDGE_TARGET", env.getOrDefault("WARDEN_GATEWAY_JUDGE_TARGET",
                        props.getProperty("warden.gateway.judge.target", "localhost:9002")), "judge", grpcPort("judge"));
                Properties routes = routes(p, w, env);
                Set<String> mapping = ServiceModule.of("gateway").mapping().keys();
                boolean anyRoute = false;
                for (String key : routes.stringPropertyNames()) {
                    if (key.equals("config_ordinal")) {
                        continue;
                    }
                    if (!mapping.contains(EnvNames.keyPattern(key))) {
                        p.add(w.id() + " routes: " + key + " is no key of GatewayConfig");
                    } else if (key.endsWith(".target")) {
                        anyRoute = true;
                        reach(p, w.id() + " route " + key, routes.getProperty(key), "inference", grpcPort("inference"));
                    }
                }
                if (!anyRoute) {
                    p.add(w.id() + ": no model route (warden.gateway.models.\"<name>\".target) in the routes file");
                }
            }
            if (s.quarkusExtensions().contains("quarkus-redis-client")) {
                String hosts = env.get("QUARKUS_REDIS_HOSTS");
                if (hosts == null) {
                    p.add(w.id() + ": QUARKUS_REDIS_HOSTS unset (application.properties says "
                            + props.getProperty("quarkus.redis.hosts") + ")");
                } else if (m.find("StatefulSet", "redis").isPresent()) {
                    reach(p, w.id() + " QUARKUS_REDIS_HOSTS", hosts, "redis", 6379);
                } else if (hosts.contains("localhost") || hosts.contains("127.0.0.1")) {
                    p.add(w.id() + ": QUARKUS_REDIS_HOSTS " + hosts + " is the pod itself");
                }
            }
        }
        return p;
    }

    /** The gateway's routes file: QUARKUS_CONFIG_LOCATIONS, mounted from a ConfigMap. */
    private Properties routes(List<String> p, Workload w, Map<String, String> env) {
        Properties routes = new Properties();
        String location = env.get("QUARKUS_CONFIG_LOCATIONS");
        if (location == null) {
            p.add(w.id() + ": no QUARKUS_CONFIG_LOCATIONS: the model routes are application.properties' (localhost)");
            return routes;
        }
        String dir = location.substring(0, location.lastIndexOf('/'));
        String file = location.substring(location.lastIndexOf('/') + 1);
        for (JsonNode mount : w.container(w.name()).path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(dir)) {
                String cm = w.volume(mount.path("name").asText()).at("/configMap/name").asText();
                Optional<com.fasterxml.jackson.databind.node.ObjectNode> map = m.find("ConfigMap", cm);
                if (map.isPresent() && map.get().path("data").has(file)) {
                    try {
                        routes.load(new StringReader(map.get().path("data").path(file).asText()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return routes;
                }
            }
        }
        p.add(w.id() + ": QUARKUS_CONFIG_LOCATIONS " + location + " is no file of a mounted ConfigMap");
        return routes;
    }

    private static Set<String> clientsOf(Properties props) {
        Set<String> clients = new TreeSet<>();
        Matcher cm = Pattern.compile("quarkus\\.grpc\\.clients\\.\"?([\\w-]+)\"?\\.host").matcher(String.join("\n", props.stringPropertyNames()));
        while (cm.find()) {
            clients.add(cm.group(1));
        }
        return clients;
    }

    private int grpcPort(String workload) {
        return ServiceModule.ALL.stream().filter(s -> s.workload().equals(workload)).findFirst()
                .flatMap(s -> s.grpcPort().isPresent() ? Optional.of(s.grpcPort().getAsInt()) : Optional.empty())
                .orElse(-1);
    }

    /** Whether address {@code hostPort} (host[:port], a URL, a Service DNS name) reaches {@code workload}:{@code port}. */
    void reach(List<String> p, String who, String hostPort, String workload, int port) {
        Matcher hp = HOST_PORT.matcher(hostPort.trim());
        if (!hp.matches()) {
            p.add(who + ": " + hostPort + " is not host:port");
            return;
        }
        String host = hp.group(1);
        String ns = m.ofKind("Deployment").stream().map(o -> o.at("/metadata/namespace").asText()).findFirst().orElse("");
        for (String suffix : List.of("." + ns + ".svc.cluster.local", "." + ns + ".svc", "." + ns)) {
            if (host.endsWith(suffix)) {
                host = host.substring(0, host.length() - suffix.length());
            }
        }
        Optional<com.fasterxml.jackson.databind.node.ObjectNode> svc = m.find("Service", host);
        if (svc.isEmpty()) {
            p.add(who + ": " + hostPort + " names no Service");
            return;
        }
        Optional<JsonNode> sp = servicePort(svc.get(), hp.group(2));
        List<Workload> sel = selected(Manifests.strings(svc.get().at("/spec/selector")));
        if (sp.isEmpty()) {
            p.add(who + ": Service " + host + " has no port " + hp.group(2));
            return;
        }
        if (sel.size() != 1 || !sel.get(0).name().equals(workload)) {
            p.add(who + ": Service " + host + " selects " + names(sel) + ", not " + workload);
            return;
        }
        OptionalInt container = containerPort(sel.get(0), sp.get().has("targetPort") ? sp.get().path("targetPort") : sp.get().path("port"));
        if (container.isEmpty() || container.getAsInt() != port) {
            p.add(who + ": " + hostPort + " reaches container port " + (container.isPresent() ? container.getAsInt() : "none")
                    + " of " + workload + ", which listens on " + port);
        }
    }

    // -------------------------------------------------------------------------------------------- references

    /** ConfigMaps, Secrets, claims and volumes the pods use exist; Secrets are referenced, never rendered. */
    public List<String> references() {
        List<String> p = new ArrayList<>();
        for (JsonNode secret : m.ofKind("Secret")) {
            p.add(Manifests.id(secret) + " is rendered: secrets are created by the operator, never committed");
        }
        for (Workload w : m.workloads()) {
            Set<String> volumes = new TreeSet<>();
            w.podSpec().path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
            w.object().at("/spec/volumeClaimTemplates").forEach(v -> volumes.add(v.at("/metadata/name").asText()));
            for (JsonNode v : w.podSpec().path("volumes")) {
                if (v.has("configMap") && m.find("ConfigMap", v.at("/configMap/name").asText()).isEmpty()) {
                    p.add(w.id() + " volume " + v.path("name").asText() + ": no ConfigMap " + v.at("/configMap/name").asText());
                }
                if (v.has("persistentVolumeClaim") && m.find("PersistentVolumeClaim", v.at("/persistentVolumeClaim/claimName").asText()).isEmpty()) {
                    p.add(w.id() + " volume " + v.path("name").asText() + ": no PersistentVolumeClaim "
                            + v.at("/persistentVolumeClaim/claimName").asText());
                }
                if (v.has("secret")) {
                    p.add(w.id() + " volume " + v.path("name").asText() + ": secrets are passed as environment variables");
                }
            }
            for (JsonNode c : w.allContainers()) {
                String who = w.id() + " container " + c.path("name").asText();
                for (JsonNode mount : c.path("volumeMounts")) {
                    if (!volumes.contains(mount.path("name").asText())) {
                        p.add(who + " mounts " + mount.path("name").asText() + ", no volume of the pod");
                    }
                }
                for (JsonNode from : c.path("envFrom")) {
                    if (from.has("configMapRef") && m.find("ConfigMap", from.at("/configMapRef/name").asText()).isEmpty()) {
                        p.add(who + ": envFrom names no rendered ConfigMap " + from.at("/configMapRef/name").asText());
                    }
                    if (from.has("secretRef")) {
                        p.add(who + ": envFrom a whole secret; reference its keys one by one");
                    }
                }
                Set<String> names = new TreeSet<>();
                for (JsonNode e : c.path("env")) {
                    if (!names.add(e.path("name").asText())) {
                        p.add(who + ": " + e.path("name").asText() + " set twice");
                    }
                    JsonNode ref = e.at("/valueFrom/secretKeyRef");
                    if (!ref.isMissingNode()) {
                        Set<String> keys = SECRETS.get(ref.path("name").asText());
                        if (keys == null || !keys.contains(ref.path("key").asText())) {
                            p.add(who + ": " + e.path("name").asText() + " reads secret " + ref.path("name").asText() + "/"
                                    + ref.path("key").asText() + ", not one of the documented secrets " + SECRETS);
                        }
                    }
                    JsonNode cmRef = e.at("/valueFrom/configMapKeyRef");
                    if (!cmRef.isMissingNode() && !m.find("ConfigMap", cmRef.path("name").asText())
                            .map(cm -> cm.path("data").has(cmRef.path("key").asText())).orElse(false)) {
                        p.add(who + ": " + e.path("name").asText() + " reads a missing ConfigMap key " + cmRef);
                    }
                }
            }
        }
        return p;
    }

    // -------------------------------------------------------------------------------------------- hardening

    /** Every pod and container is hardened and has resources. */
    public List<String> security() {
        List<String> p = new ArrayList<>();
        for (Workload w : m.workloads()) {
            JsonNode pod = w.podSpec();
            JsonNode psc = pod.path("securityContext");
            if (!pod.path("automountServiceAccountToken").isBoolean() || pod.path("automountServiceAccountToken").asBoolean()) {
                p.add(w.id() + ": automountServiceAccountToken must be false");
            }
            if (!psc.path("runAsNonRoot").asBoolean(false)) {
                p.add(w.id() + ": pod securityContext.runAsNonRoot must be true");
            }
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (pod.path(host).asBoolean(false)) {
                    p.add(w.id() + ": " + host);
                }
            }
            for (JsonNode c : w.allContainers()) {
                String who = w.id() + " container " + c.path("name").asText();
                JsonNode sc = c.path("securityContext");
                if (!"false".equals(sc.path("allowPrivilegeEscalation").asText())) {
                    p.add(who + ": allowPrivilegeEscalation must be false");
                }
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                    p.add(who + ": readOnlyRootFilesystem must be true");
                }
                if (sc.path("privileged").asBoolean(false)) {
                    p.add(who + ": privileged");
                }
                List<String> drop = new ArrayList<>();
                sc.at("/capabilities/drop").forEach(d -> drop.add(d.asText()));
                if (!drop.contains("ALL") || sc.at("/capabilities/add").size() > 0) {
                    p.add(who + ": capabilities must drop ALL and add none");
                }
                String seccomp = sc.at("/seccompProfile/type").asText(psc.at("/seccompProfile/type").asText());
                if (!"RuntimeDefault".equals(seccomp)) {
                    p.add(who + ": seccompProfile must be RuntimeDefault");
                }
                if (sc.has("runAsNonRoot") && !sc.path("runAsNonRoot").asBoolean()) {
                    p.add(who + ": runAsNonRoot false");
                }
                for (String r : List.of("requests/cpu", "requests/memory", "limits/cpu", "limits/memory")) {
                    if (c.at("/resources/" + r).isMissingNode()) {
                        p.add(who + ": no resources." + r.replace('/', '.'));
                    }
                }
                String image = c.path("image").asText();
                if (!image.substring(image.lastIndexOf('/') + 1).contains(":")) {
                    p.add(who + ": image " + image + " has no tag");
                }
            }
            for (JsonNode c : w.containers()) {
                boolean tmp = false;
                for (JsonNode mount : c.path("volumeMounts")) {
                    if (mount.path("mountPath").asText().equals("/tmp") && w.volume(mount.path("name").asText()).has("emptyDir")) {
                        tmp = true;
                    }
                }
                if (!tmp) {
                    p.add(w.id() + " container " + c.path("name").asText() + ": read-only root file system without an emptyDir /tmp");
                }
            }
        }
        return p;
    }

    /** Containers that ask for a GPU get it properly, and inference asks for one exactly when told to use it. */
    public List<String> gpu() {
        List<String> p = new ArrayList<>();
        for (Workload w : m.workloads()) {
            for (JsonNode c : w.containers()) {
                String who = w.id() + " container " + c.path("name").asText();
                JsonNode req = c.at("/resources/requests/nvidia.com~1gpu");
                JsonNode lim = c.at("/resources/limits/nvidia.com~1gpu");
                String device = env(w, c).getOrDefault("WARDEN_INFERENCE_DEVICE", "");
                boolean wantsGpu = device.startsWith("gpu");
                if (req.isMissingNode() && lim.isMissingNode()) {
                    if (wantsGpu) {
                        p.add(who + ": WARDEN_INFERENCE_DEVICE=" + device + " but no nvidia.com/gpu is requested");
                    }
                    continue;
                }
                if (!req.asText().equals(lim.asText())) {
                    p.add(who + ": nvidia.com/gpu requests " + req.asText() + " and limits " + lim.asText() + " must be equal");
                }
                if (!wantsGpu) {
                    p.add(who + ": requests a GPU but WARDEN_INFERENCE_DEVICE is '" + device + "'");
                }
                if (!env(w, c).containsKey("PYTORCH_FLAVOR")) {
                    p.add(who + ": a GPU without PYTORCH_FLAVOR: DJL would load its CPU natives");
                }
                if (w.podSpec().path("nodeSelector").size() == 0 && w.podSpec().path("affinity").isMissingNode()) {
                    p.add(w.id() + ": a GPU pod without a nodeSelector or affinity");
                }
                boolean tolerated = false;
                for (JsonNode t : w.podSpec().path("tolerations")) {
                    tolerated |= t.path("key").asText().equals("nvidia.com/gpu");
                }
                if (!tolerated) {
                    p.add(w.id() + ": a GPU pod that does not tolerate the nvidia.com/gpu taint");
                }
                boolean shm = false;
                for (JsonNode mount : c.path("volumeMounts")) {
                    shm |= mount.path("mountPath").asText().equals("/dev/shm")
                            && "Memory".equals(w.volume(mount.path("name").asText()).at("/emptyDir/medium").asText());
                }
                if (!shm) {
                    p.add(who + ": a GPU container without a memory-backed /dev/shm");
                }
            }
        }
        return p;
    }

    /** Model paths: inference's checkpoint and recovery's roots lie on the shared models volume at the same path. */
    public List<String> storage() {
        List<String> p = new ArrayList<>();
        Workload inference = m.workload("Deployment", "inference");
        JsonNode ic = inference.container("inference");
        String checkpoint = env(inference, ic).get("WARDEN_INFERENCE_CHECKPOINT");
        Optional<String> inferenceClaim = Optional.empty();
        if (checkpoint == null) {
            p.add(inference.id() + ": no WARDEN_INFERENCE_CHECKPOINT (the overlay chooses the model)");
        } else {
            inferenceClaim = claimAt(inference, ic, checkpoint, false);
            if (inferenceClaim.isEmpty()) {
                p.add(inference.id() + ": checkpoint " + checkpoint + " is on no mounted volume claim");
            }
        }
        Optional<com.fasterxml.jackson.databind.node.ObjectNode> rd = m.find("Deployment", "recovery");
        if (rd.isPresent()) {
            Workload recovery = new Workload(rd.get());
            JsonNode rc = recovery.container("recovery");
            Map<String, String> env = env(recovery, rc);
            for (String key : List.of("WARDEN_RECOVERY_MODEL_ROOT", "WARDEN_RECOVERY_OUTPUT_ROOT", "WARDEN_RECOVERY_WORK_ROOT")) {
                String path = env.get(key);
                if (path == null) {
                    p.add(recovery.id() + ": " + key + " unset");
                    continue;
                }
                Optional<String> claim = claimAt(recovery, rc, path, key.endsWith("MODEL_ROOT") ? false : true);
                if (claim.isEmpty()) {
                    p.add(recovery.id() + ": " + key + "=" + path + " is on no " + (key.endsWith("MODEL_ROOT") ? "" : "writable ")
                            + "volume claim");
                } else if (!key.endsWith("WORK_ROOT") && !claim.equals(claimAt(inference, ic, path, false))) {
                    p.add(recovery.id() + ": " + key + "=" + path + " is not the same volume at the same path in inference,"
                            + " which loads what recovery writes");
                }
            }
        }
        Optional<com.fasterxml.jackson.databind.node.ObjectNode> job = m.find("Job", "build-demo-model");
        if (job.isPresent()) {
            Workload j = new Workload(job.get());
            JsonNode jc = j.containers().get(0);
            Matcher dir = MODELS_DIR.matcher(String.join(" ", texts(jc.path("command"))) + " " + String.join(" ", texts(jc.path("args"))));
            if (!dir.find()) {
                p.add(j.id() + ": no --models-dir");
            } else {
                String aligned = dir.group(1) + "/demo/aligned";
                if (!aligned.equals(checkpoint)) {
                    p.add(j.id() + " builds " + aligned + " but inference serves " + checkpoint);
                }
                Optional<String> jobClaim = claimAt(j, jc, aligned, true);
                if (jobClaim.isEmpty() || !jobClaim.equals(inferenceClaim)) {
                    p.add(j.id() + " writes " + aligned + " to " + jobClaim.orElse("no writable claim") + ", inference reads "
                            + inferenceClaim.orElse("none"));
                }
                boolean waits = false;
                for (JsonNode init : inference.podSpec().path("initContainers")) {
                    waits |= String.join(" ", texts(init.path("command"))).contains(checkpoint + "/config.json");
                }
                if (!waits) {
                    p.add(inference.id() + ": starts before " + j.id() + " has written " + checkpoint + " (no init container waits)");
                }
            }
        }
        return p;
    }

    /** The claim mounted at a prefix of {@code path} in container {@code c}, writable when asked. */
    private static Optional<String> claimAt(Workload w, JsonNode c, String path, boolean writable) {
        for (JsonNode mount : c.path("volumeMounts")) {
            String at = mount.path("mountPath").asText();
            if ((path.equals(at) || path.startsWith(at.endsWith("/") ? at : at + "/"))
                    && (!writable || !mount.path("readOnly").asBoolean(false))) {
                String claim = w.volume(mount.path("name").asText()).at("/persistentVolumeClaim/claimName").asText();
                if (!claim.isEmpty()) {
                    return Optional.of(claim + "@" + at);
                }
            }
        }
        return Optional.empty();
    }

    // ----------------------------------------------------------------------------------------------- helpers

    /**
     * The environment of container {@code c}: the data of its envFrom ConfigMaps, then its env entries (a secret's
     * value shows as {@code <secret name/key>}).
     */
    public Map<String, String> env(Workload w, JsonNode c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : c.path("envFrom")) {
            String name = from.at("/configMapRef/name").asText();
            m.find("ConfigMap", name).ifPresent(cm -> env.putAll(Manifests.strings(cm.path("data"))));
        }
        for (JsonNode e : c.path("env")) {
            JsonNode secret = e.at("/valueFrom/secretKeyRef");
            env.put(e.path("name").asText(), secret.isMissingNode() ? e.path("value").asText()
                    : "<secret " + secret.path("name").asText() + "/" + secret.path("key").asText() + ">");
        }
        return env;
    }

    private List<Workload> selected(Map<String, String> selector) {
        return m.workloads().stream().filter(w -> !w.kind().equals("Job"))
                .filter(w -> Manifests.selects(selector, w.podLabels())).toList();
    }

    private static List<String> names(List<Workload> workloads) {
        return workloads.stream().map(Workload::name).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static int namedPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        return -1;
    }

    /** The container port a numeric or named port of a Service or probe resolves to in {@code w}. */
    static OptionalInt containerPort(Workload w, JsonNode port) {
        for (JsonNode c : w.containers()) {
            for (JsonNode cp : c.path("ports")) {
                if (port.isInt() ? cp.path("containerPort").asInt() == port.asInt() : port.asText().equals(cp.path("name").asText())) {
                    return OptionalInt.of(cp.path("containerPort").asInt());
                }
            }
        }
        return OptionalInt.empty();
    }

    private static Optional<JsonNode> servicePort(JsonNode svc, String nameOrNumber) {
        for (JsonNode port : svc.at("/spec/ports")) {
            if (nameOrNumber.equals(port.path("name").asText()) || nameOrNumber.equals(port.path("port").asText())) {
                return Optional.of(port);
            }
        }
        return Optional.empty();
    }
}
