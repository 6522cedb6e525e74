package dev.warden.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kubernetes.client.openapi.JSON;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validates objects against the Kubernetes API schemas, unknown fields being errors.
 *
 * <p>Built-in kinds: the official Kubernetes Java client's models ({@code io.kubernetes:client-java-api}) are
 * generated from the Kubernetes OpenAPI document, and reading JSON into them checks every field against the
 * schema: an unknown field, a missing required field or a value of the wrong type is an error. The API group and
 * version must serve the kind: the client's {@code <Group><Version>Api} class has a {@code create} operation
 * for it, which also says whether the kind is namespaced.
 *
 * <p>ServiceMonitor ({@code monitoring.coreos.com/v1}, a CRD of the Prometheus Operator): fabric8's model,
 * generated from the operator's CRD schema. Its classes keep unknown fields in {@code additionalProperties}
 * instead of failing, so the whole object graph is walked and any non-empty {@code additionalProperties} is an
 * error.
 */
public final class K8sSchema {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final String APIS = "io.kubernetes.client.openapi.apis.";
    private static final Map<String, Class<?>> CUSTOM = Map.of(
            "monitoring.coreos.com/v1/ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class);
    private static final ObjectMapper JACKSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private K8sSchema() {
    }

    /** Whether a kind is namespaced, as the API serves it. */
    public enum Scope {
        /** Lives in a namespace. */
        NAMESPACED,
        /** Cluster-wide (Namespace, ...). */
        CLUSTER
    }

    /** The problems of {@code object} against its schema; empty when valid. */
    public static List<String> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String id = kind + "/" + object.path("metadata").path("name").asText();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            return List.of(id + ": apiVersion and kind are required");
        }
        Class<?> custom = CUSTOM.get(apiVersion + "/" + kind);
        if (custom != null) {
            return validateCustom(id, object, custom);
        }
        Optional<Scope> scope = scope(apiVersion, kind);
        if (scope.isEmpty()) {
            return List.of(id + ": the Kubernetes API serves no kind " + kind + " in " + apiVersion);
        }
        Class<?> model;
        try {
            model = Class.forName(MODELS + versionPrefix(apiVersion) + kind);
        } catch (ClassNotFoundException e) {
            return List.of(id + ": no schema for " + apiVersion + " " + kind);
        }
        try {
            JSON.getGson().fromJson(object.toString(), model);
            return List.of();
        } catch (RuntimeException e) {
            // IllegalArgumentException (unknown or missing field), JsonParseException / NumberFormatException
            // (wrong type), QuantityFormatException (a malformed quantity)
            return List.of(id + ": " + trim(e.getMessage()));
        }
    }

    /** Whether {@code apiVersion}/{@code kind} is served, and how: from the client's API operations. */
    public static Optional<Scope> scope(String apiVersion, String kind) {
        if (CUSTOM.containsKey(apiVersion + "/" + kind)) {
            return Optional.of(Scope.NAMESPACED);
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String groupName = group.isEmpty() ? "Core" : capitalize(group.split("\\.")[0]);
        Class<?> api;
        try {
            api = Class.forName(APIS + groupName + capitalize(version) + "Api");
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        boolean namespaced = false;
        boolean cluster = false;
        for (Method m : api.getMethods()) {
            if (m.getName().equals("createNamespaced" + kind)) {
                namespaced = true;
            } else if (m.getName().equals("create" + kind)) {
                cluster = true;
            }
        }
        return namespaced ? Optional.of(Scope.NAMESPACED) : cluster ? Optional.of(Scope.CLUSTER) : Optional.empty();
    }

    private static List<String> validateCustom(String id, JsonNode object, Class<?> type) {
        Object typed;
        try {
            typed = JACKSON.treeToValue(object, type);
        } catch (Exception e) {
            return List.of(id + ": " + trim(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        walk(typed, "", problems, new IdentityHashMap<>());
        return problems.stream().map(p -> id + ": unknown field " + p).toList();
    }

    /** Every non-empty {@code additionalProperties} reachable from {@code o}, as paths. */
    static void walk(Object o, String path, List<String> problems, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (o.getClass().isArray() && !o.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(o); i++) {
                walk(Array.get(o, i), path + "[" + i + "]", problems, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(m.toString(), e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> problems.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
                }
                continue;
            }
            String field = m.getName().substring(3);
            walk(value, path + "." + Character.toLowerCase(field.charAt(0)) + field.substring(1), problems, seen);
        }
    }

    private static String versionPrefix(String apiVersion) {
        return capitalize(apiVersion.substring(apiVersion.indexOf('/') + 1));
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static String trim(String message) {
        if (message == null) {
            return "invalid";
        }
        int json = message.indexOf(" JSON: ");
        String m = json > 0 ? message.substring(0, json) : message;
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    /** The kinds this validator knows beyond the built-in ones (for messages and tests). */
    public static List<String> customKinds() {
        return Arrays.asList(CUSTOM.keySet().toArray(new String[0]));
    }
}
