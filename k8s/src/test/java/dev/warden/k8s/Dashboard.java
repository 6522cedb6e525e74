package dev.warden.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard shipped in a ConfigMap, and the metrics its queries use. */
public final class Dashboard {

    private static final Pattern METRIC = Pattern.compile("\\b(warden_[a-z0-9_]+)\\b");

    private static Set<String> exported;

    private final JsonNode json;

    private Dashboard(JsonNode json) {
        this.json = json;
    }

    /** The dashboard of the ConfigMap labelled {@code grafana_dashboard} in {@code m} (exactly one). */
    public static Dashboard of(Manifests m) {
        List<JsonNode> maps = m.ofKind("ConfigMap").stream().<JsonNode>map(o -> o)
                .filter(cm -> cm.at("/metadata/labels").has("grafana_dashboard")).toList();
        if (maps.size() != 1 || maps.get(0).path("data").size() != 1) {
            throw new AssertionError("expected one ConfigMap labelled grafana_dashboard with one file, found " + maps.size());
        }
        return parse(maps.get(0).path("data").elements().next().asText());
    }

    /** A dashboard from its JSON text. */
    public static Dashboard parse(String text) {
        try {
            return new Dashboard(new ObjectMapper().readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON. */
    public JsonNode json() {
        return json;
    }

    /** Every query, by panel title. */
    public Map<String, List<String>> queries() {
        Map<String, List<String>> q = new LinkedHashMap<>();
        collect(json.path("panels"), q);
        return q;
    }

    private static void collect(JsonNode panels, Map<String, List<String>> q) {
        for (JsonNode panel : panels) {
            for (JsonNode t : panel.path("targets")) {
                q.computeIfAbsent(panel.path("title").asText(), k -> new ArrayList<>()).add(t.path("expr").asText());
            }
            collect(panel.path("panels"), q);
        }
    }

    /** The warden_* series a query names. */
    public static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Queries naming a series no service exports; {@code exported} are the series of every service. */
    public List<String> unknownMetrics(Set<String> exported) {
        List<String> p = new ArrayList<>();
        queries().forEach((title, exprs) -> exprs.forEach(e -> metrics(e).stream().filter(n -> !exported.contains(n))
                .forEach(n -> p.add("panel '" + title + "': " + n + " is exported by no service"))));
        return p;
    }

    /** Every series the four services export, from their sources. */
    public static synchronized Set<String> exportedSeries() {
        if (exported != null) {
            return exported;
        }
        Set<String> series = new TreeSet<>();
        for (ServiceModule s : ServiceModule.ALL) {
            MeterCatalog.of(s).values().forEach(m -> series.addAll(m.series()));
        }
        exported = Set.copyOf(series);
        return exported;
    }
}
