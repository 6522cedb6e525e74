package dev.warden.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The objects one kustomization renders to, with look-ups by kind and name. */
public final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<Path, Manifests> RENDERED = new ConcurrentHashMap<>();

    /** The kinds whose pod template this suite checks. */
    public static final List<String> WORKLOAD_KINDS = List.of("Deployment", "StatefulSet", "Job");

    private final List<ObjectNode> objects;

    private Manifests(List<ObjectNode> objects) {
        this.objects = List.copyOf(objects);
    }

    /** {@code k8s/<relative>} rendered by kustomize, once per test JVM. */
    public static Manifests of(String relative) {
        return RENDERED.computeIfAbsent(Repo.k8s().resolve(relative).normalize(), Manifests::render);
    }

    /** {@code dir} rendered by kustomize now (for modified copies). */
    public static Manifests render(Path dir) {
        return parse(Kustomize.build(dir));
    }

    /** The objects of a YAML stream. */
    public static Manifests parse(String yaml) {
        List<ObjectNode> list = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.isObject() && n.size() > 0) {
                    list.add((ObjectNode) n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Manifests(list);
    }

    /** Every object. */
    public List<ObjectNode> all() {
        return objects;
    }

    /** The objects of {@code kind}. */
    public List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** The object of {@code kind} named {@code name}. */
    public Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    /** The object of {@code kind} named {@code name}, or an assertion-style failure. */
    public ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " rendered"));
    }

    /** {@code metadata.name}. */
    public static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    /** "Kind/name", for messages. */
    public static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + name(o);
    }

    /** Every Deployment, StatefulSet and Job. */
    public List<Workload> workloads() {
        return objects.stream().filter(o -> WORKLOAD_KINDS.contains(o.path("kind").asText())).map(Workload::new).toList();
    }

    /** The workload of {@code kind} named {@code name}. */
    public Workload workload(String kind, String name) {
        return new Workload(get(kind, name));
    }

    /** The data of the ConfigMap named {@code name} (its rendered name, suffix included). */
    public Map<String, String> configMapData(String name) {
        Map<String, String> data = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = get("ConfigMap", name).path("data").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            data.put(e.getKey(), e.getValue().asText());
        }
        return data;
    }

    /** String-valued map of an object node ({@code matchLabels}, {@code labels}). */
    public static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    /** Whether {@code labels} carry every pair of {@code selector} (an empty selector selects everything). */
    public static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** A Deployment, StatefulSet or Job and its pod template. */
    public static final class Workload {
        private final ObjectNode object;

        Workload(ObjectNode object) {
            this.object = object;
        }

        /** The object. */
        public ObjectNode object() {
            return object;
        }

        /** Its kind. */
        public String kind() {
            return object.path("kind").asText();
        }

        /** Its name. */
        public String name() {
            return Manifests.name(object);
        }

        /** "Kind/name". */
        public String id() {
            return Manifests.id(object);
        }

        /** {@code spec.template.spec}. */
        public JsonNode podSpec() {
            return object.path("spec").path("template").path("spec");
        }

        /** The pod template's labels. */
        public Map<String, String> podLabels() {
            return strings(object.path("spec").path("template").path("metadata").path("labels"));
        }

        /** The pod template's annotations. */
        public Map<String, String> podAnnotations() {
            return strings(object.path("spec").path("template").path("metadata").path("annotations"));
        }

        /** The main containers. */
        public List<JsonNode> containers() {
            List<JsonNode> list = new ArrayList<>();
            podSpec().path("containers").forEach(list::add);
            return list;
        }

        /** Init containers, then main containers. */
        public List<JsonNode> allContainers() {
            List<JsonNode> list = new ArrayList<>();
            podSpec().path("initContainers").forEach(list::add);
            podSpec().path("containers").forEach(list::add);
            return list;
        }

        /** The main container named {@code name}. */
        public JsonNode container(String name) {
            return containers().stream().filter(c -> name.equals(c.path("name").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError(id() + " has no container " + name));
        }

        /** The pod volume named {@code name}, or a missing node. */
        public JsonNode volume(String name) {
            for (JsonNode v : podSpec().path("volumes")) {
                if (name.equals(v.path("name").asText())) {
                    return v;
                }
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
