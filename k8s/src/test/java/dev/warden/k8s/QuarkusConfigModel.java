package dev.warden.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration properties of the Quarkus extensions on the test class path, from the model each extension
 * jar ships ({@code META-INF/quarkus-config-doc/quarkus-config-model.json}): name, environment variable and
 * phase. A {@code RUN_TIME} property can be set by an environment variable of a running service; the others
 * are fixed when the service is built.
 */
public final class QuarkusConfigModel {

    private static final String RESOURCE = "META-INF/quarkus-config-doc/quarkus-config-model.json";
    private static volatile QuarkusConfigModel instance;

    /** One property (or one of its alternative names). */
    public record Property(String extension, String pattern, String phase) {
        /** Whether a running service reads it (an environment variable takes effect). */
        public boolean runtime() {
            return "RUN_TIME".equals(phase);
        }
    }

    private final List<Property> properties;
    private final Set<String> extensions;

    private QuarkusConfigModel(List<Property> properties) {
        this.properties = List.copyOf(properties);
        this.extensions = new TreeSet<>();
        properties.forEach(p -> extensions.add(p.extension()));
    }

    /** The model of every extension jar on the class path. */
    public static QuarkusConfigModel load() {
        if (instance == null) {
            synchronized (QuarkusConfigModel.class) {
                if (instance == null) {
                    instance = read();
                }
            }
        }
        return instance;
    }

    private static QuarkusConfigModel read() {
        ObjectMapper json = new ObjectMapper();
        List<Property> list = new ArrayList<>();
        try {
            Enumeration<URL> urls = QuarkusConfigModel.class.getClassLoader().getResources(RESOURCE);
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream()) {
                    for (JsonNode root : json.readTree(in).path("configRoots")) {
                        String extension = root.path("extension").path("artifactId").asText();
                        collect(root.path("items"), extension, list);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new QuarkusConfigModel(list);
    }

    private static void collect(JsonNode items, String extension, List<Property> out) {
        for (JsonNode item : items) {
            if (item.has("path") && item.path("path").has("property")) {
                String phase = item.path("phase").asText();
                out.add(new Property(extension, EnvNames.keyPattern(item.path("path").path("property").asText()), phase));
                for (JsonNode alt : item.path("additionalPaths")) {
                    out.add(new Property(extension, EnvNames.keyPattern(alt.path("property").asText()), phase));
                }
            }
            if (item.has("items")) {
                collect(item.path("items"), extension, out);
            }
        }
    }

    /** The extensions whose model is on the class path (artifact ids). */
    public Set<String> extensions() {
        return extensions;
    }

    /** The properties of {@code extensions} that environment variable {@code env} sets. */
    public List<Property> lookup(String env, Collection<String> extensions) {
        return properties.stream().filter(p -> extensions.contains(p.extension()))
                .filter(p -> EnvNames.matches(env, p.pattern())).toList();
    }
}
